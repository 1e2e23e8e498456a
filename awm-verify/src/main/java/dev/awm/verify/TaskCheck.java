package dev.awm.verify;

import java.util.List;

/**
 * The replay check of one task: its reference solution replayed on a fresh handle, and the no-op
 * episode (no calls, empty answer).
 *
 * @param taskIndex the task
 * @param task the task text
 * @param reference the outcome after the reference solution (must be complete)
 * @param noop the outcome of the no-op episode (must not be complete)
 * @param problems what went wrong, in words (empty when the check passed)
 */
public record TaskCheck(int taskIndex, String task, RewardOutcome reference, RewardOutcome noop, List<String> problems) {
  /**
   * Copies the problems.
   *
   * @param taskIndex the task
   * @param task the task text
   * @param reference the reference's outcome, or null when there is no reference solution
   * @param noop the no-op episode's outcome
   * @param problems the problems; not null
   */
  public TaskCheck {
    problems = List.copyOf(problems);
  }

  /**
   * Reference complete, no-op not complete, every reference call succeeded.
   *
   * @return whether the check passed: reference complete, no-op not complete, every reference call
   *     succeeded
   */
  public boolean passed() {
    return problems.isEmpty();
  }

  /**
   * The verifier says complete for doing nothing: unsafe for RL, it rewards inaction.
   *
   * @return true if the verifier says complete for the no-op episode
   */
  public boolean rewardsNoOp() {
    return noop != null && noop.isComplete();
  }
}
