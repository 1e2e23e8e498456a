package dev.awm.runtime;

import dev.awm.runtime.api.Db;
import dev.awm.verify.api.Verdict;

/**
 * A task's verifier written in ordinary host Java (lambdas allowed), instead of generated code: for
 * environments built in code and for tests. It reads the episode's initial and current databases
 * (read-only) and the agent's final answer, and decides as a code-mode verifier does. Throwing or
 * returning null is a verifier error, never a 0 reward. Host code is trusted: it is not restricted
 * by the sandbox's allowlist. Must be thread-safe (one instance serves every handle).
 *
 * <pre>{@code
 * HostVerifier noted = (initial, current, answer) ->
 *     current.scalar("SELECT count(*) FROM notes WHERE body = 'eggs'") instanceof Number n && n.intValue() == 1
 *         ? Verdict.complete() : Verdict.others("no note 'eggs'");
 * }</pre>
 */
@FunctionalInterface
public interface HostVerifier {
  /**
   * Decides whether the task was done.
   *
   * @param initial the database as the episode began
   * @param current the database now
   * @param finalAnswer the agent's final message (never null; empty when there was none)
   * @return the verdict: {@link Verdict#complete(String)} or {@link Verdict#others(String)}
   * @throws Exception on a failure of the verifier itself, which makes the reward a verifier error, not a
   *     verdict
   */
  Verdict verify(Db initial, Db current, String finalAnswer) throws Exception;
}
