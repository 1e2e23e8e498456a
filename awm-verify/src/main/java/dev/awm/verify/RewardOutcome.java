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
 * @param judgement the judge's whole decision for a sql-mode task (its class, confidence and
 *     evidence), or null
 * @param evidence what a sql-mode verifier gathered from the databases for the judge (empty otherwise)
 */
public record RewardOutcome(int taskIndex, RewardStatus status, double reward, String details, JudgeVerdict judgement,
    java.util.Map<String, Object> evidence) {
  /**
   * Checks and normalizes the components.
   *
   * @param taskIndex the task verified
   * @param status the classification; not null
   * @param reward the value under the policy used
   * @param details why; null becomes empty
   * @param judgement the judge's decision, or null
   * @param evidence the evidence, copied as immutable plain JSON values; null means none
   * @throws NullPointerException if {@code status} is null
   */
  public RewardOutcome {
    Objects.requireNonNull(status, "status");
    details = details == null ? "" : details;
    evidence = evidence == null ? java.util.Map.of() : dev.awm.core.internal.JsonValues.immutableCopy(evidence);
  }

  /**
   * An outcome without a judge's decision.
   *
   * @param taskIndex the task verified
   * @param status the classification; not null
   * @param reward the value under the policy used
   * @param details why; null becomes empty
   */
  public RewardOutcome(int taskIndex, RewardStatus status, double reward, String details) {
    this(taskIndex, status, reward, details, null, null);
  }

  /**
   * An outcome valued with {@code policy}.
   *
   * @param taskIndex the task verified
   * @param status the classification
   * @param details why; null becomes empty
   * @param policy the policy that gives the reward of {@code status}
   * @return the outcome
   */
  public static RewardOutcome of(int taskIndex, RewardStatus status, String details, RewardPolicy policy) {
    return new RewardOutcome(taskIndex, status, policy.value(status), details);
  }

  /**
   * The outcome of a judge's decision on {@code evidence}, valued with {@code policy}.
   *
   * @param taskIndex the task verified
   * @param judgement the judge's decision, whose reasoning becomes the details
   * @param evidence what the sql-mode verifier gathered
   * @param policy the policy that gives the reward of the judge's status
   * @return the outcome
   */
  public static RewardOutcome judged(int taskIndex, JudgeVerdict judgement, java.util.Map<String, Object> evidence, RewardPolicy policy) {
    return new RewardOutcome(taskIndex, judgement.status(), policy.value(judgement.status()), judgement.reasoning(), judgement, evidence);
  }

  /** {@return whether the task was completed} */
  public boolean isComplete() {
    return status == RewardStatus.COMPLETE;
  }

  /**
   * {@return the status's name in lower case ({@code complete}, {@code verifier_error}...), as result files
   * and tools show it}
   */
  public String statusLabel() {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
