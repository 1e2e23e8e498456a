package dev.awm.core;

import java.util.List;

/**
 * A known way to solve a task: the tool calls in order and, for a task that asks a question, the
 * final answer. Stored one row per task in this project's {@code gen_solutions.jsonl}.
 *
 * @param taskIndex the task's index (0-based)
 * @param calls the tool calls, in order
 * @param finalAnswer the answer text the agent gives at the end (empty when the task asks none)
 */
public record ReferenceSolution(int taskIndex, List<ToolCall> calls, String finalAnswer) {
  /**
   * Checks and normalizes the components.
   *
   * @param taskIndex the task's index; must be 0 or more
   * @param calls the tool calls, copied; null means none
   * @param finalAnswer the final answer; null becomes empty
   * @throws IllegalArgumentException if {@code taskIndex} is negative
   */
  public ReferenceSolution {
    if (taskIndex < 0) throw new IllegalArgumentException("taskIndex must be >= 0: " + taskIndex);
    calls = calls == null ? List.of() : List.copyOf(calls);
    finalAnswer = finalAnswer == null ? "" : finalAnswer;
  }
}
