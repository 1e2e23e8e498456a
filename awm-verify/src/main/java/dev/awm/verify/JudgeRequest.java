package dev.awm.verify;

import dev.awm.core.internal.JsonValues;
import java.util.Map;

/**
 * What a {@link Judge} is given.
 *
 * @param environment the environment's name
 * @param taskIndex the task's index
 * @param task the task text
 * @param evidence what the sql-mode verifier gathered from the two databases (plain JSON values)
 * @param trajectory the agent's run as text or JSON (may be empty when the caller has none)
 * @param finalAnswer the agent's final message (may be empty)
 */
public record JudgeRequest(String environment, int taskIndex, String task, Map<String, Object> evidence, String trajectory,
    String finalAnswer) {
  /**
   * Normalizes the components.
   *
   * @param environment the environment's name
   * @param taskIndex the task's index
   * @param task the task text
   * @param evidence the evidence, copied as immutable plain JSON values; null means none
   * @param trajectory the run; null becomes empty
   * @param finalAnswer the final message; null becomes empty
   */
  public JudgeRequest {
    evidence = evidence == null ? Map.of() : JsonValues.immutableCopy(evidence);
    trajectory = trajectory == null ? "" : trajectory;
    finalAnswer = finalAnswer == null ? "" : finalAnswer;
  }
}
