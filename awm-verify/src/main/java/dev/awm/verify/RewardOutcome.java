package dev.awm.verify;

import java.util.Locale;
import java.util.Objects;

/**
 * The typed result of verifying one episode: what happened, the reward it is worth under a
 * {@link RewardPolicy}, and the verifier's (or the failure's) details. An infrastructure failure is
 * {@link RewardStatus#VERIFIER_ERROR} or {@link RewardStatus#ENVIRONMENT_ERROR}, never a silent 0.
 *
 * @param taskIndex the task verified
 * @param status the classification
 * @param reward the value of {@code status} under the policy used
 * @param details why (the verifier's details, or the error)
 */
public record RewardOutcome(int taskIndex, RewardStatus status, double reward, String details) {
  public RewardOutcome {
    Objects.requireNonNull(status, "status");
    details = details == null ? "" : details;
  }

  /** An outcome valued with {@code policy}. */
  public static RewardOutcome of(int taskIndex, RewardStatus status, String details, RewardPolicy policy) {
    return new RewardOutcome(taskIndex, status, policy.value(status), details);
  }

  /** Whether the task was completed. */
  public boolean isComplete() {
    return status == RewardStatus.COMPLETE;
  }

  /** The status's name in lower case ({@code complete}, {@code verifier_error}...), as result files and tools show it. */
  public String statusLabel() {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
