package dev.awm.verify;

import dev.awm.verify.api.Verdict;

/**
 * Decides whether a task was completed from the task, the agent's trajectory and the evidence a
 * sql-mode verifier gathered: the LLM-as-a-judge of the reference implementation. awm-llm
 * implements it with a model; awm-verify only calls it, so it needs no HTTP client. Implementations
 * must be thread-safe.
 */
@FunctionalInterface
public interface Judge {
  /**
   * Judges one episode.
   *
   * @throws Exception for any failure to judge (the reward is then a verifier error, never a 0)
   */
  Verdict judge(JudgeRequest request) throws Exception;
}
