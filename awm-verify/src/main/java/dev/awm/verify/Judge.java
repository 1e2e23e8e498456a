package dev.awm.verify;

/**
 * Decides whether a task was completed from the task, the agent's trajectory and the evidence a
 * sql-mode verifier gathered: the LLM-as-a-judge of the reference implementation. awm-llm
 * implements it with a model; awm-verify only calls it, so it needs no HTTP client. It decides
 * among the reference's four classes (see {@link JudgeVerdict}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Judge {
  /**
   * Judges one episode.
   *
   * @param request the task, the agent's run and the verifier's evidence
   * @return the class, with the reasoning, confidence and evidence behind it (never null)
   * @throws Exception for any failure to judge (the reward is then a verifier error, never a 0)
   */
  JudgeVerdict judge(JudgeRequest request) throws Exception;
}
