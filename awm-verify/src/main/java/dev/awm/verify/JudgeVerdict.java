package dev.awm.verify;

import dev.awm.core.internal.JsonValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Judge} decides about one episode, among the reference implementation's four
 * classes: {@code complete}, {@code incomplete}, {@code server_error} (the environment failed the
 * agent: {@link RewardStatus#ENVIRONMENT_ERROR}, no signal about the agent) and {@code agent_error}
 * (the agent's own mistakes: {@link RewardStatus#AGENT_ERROR}). It keeps the judge's confidence per
 * class, the evidence it cites and its whole answer, for the people who review a reward.
 *
 * @param status COMPLETE, INCOMPLETE, ENVIRONMENT_ERROR or AGENT_ERROR
 * @param reasoning the judge's explanation
 * @param confidence the judge's confidence (0-100) by class label, in the order of {@link #CLASSES}
 *     (empty when it gave none)
 * @param evidence what the judge cites (error signals, last actions, what the database shows...)
 * @param answer the judge's whole answer, as plain JSON values
 */
public record JudgeVerdict(RewardStatus status, String reasoning, Map<String, Integer> confidence, Map<String, Object> evidence,
    Map<String, Object> answer) {
  /** The class labels, in the reference's priority order of the confidence list: complete, incomplete, server_error, agent_error. */
  public static final List<String> CLASSES = List.of("complete", "incomplete", "server_error", "agent_error");

  /**
   * Checks and normalizes the components.
   *
   * @param status one of the four statuses a judge decides; not null
   * @param reasoning the explanation; null becomes empty
   * @param confidence the confidence by class, copied; null means none
   * @param evidence the evidence, copied as immutable plain JSON values; null means none
   * @param answer the whole answer, copied as immutable plain JSON values; null means none
   * @throws IllegalArgumentException if {@code status} is not complete, incomplete, environment error or
   *     agent error
   */
  public JudgeVerdict {
    Objects.requireNonNull(status, "status");
    if (status != RewardStatus.COMPLETE && status != RewardStatus.INCOMPLETE && status != RewardStatus.ENVIRONMENT_ERROR
        && status != RewardStatus.AGENT_ERROR) {
      throw new IllegalArgumentException("a judge decides complete, incomplete, server_error or agent_error, not " + status);
    }
    reasoning = reasoning == null ? "" : reasoning;
    confidence = confidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(confidence));
    evidence = evidence == null ? Map.of() : JsonValues.immutableCopy(evidence);
    answer = answer == null ? Map.of() : JsonValues.immutableCopy(answer);
  }

  /**
   * A verdict of class {@code label} (one of {@link #CLASSES}) with only a reasoning.
   *
   * @param label the class label
   * @param reasoning the judge's explanation
   * @return a verdict with no confidence, evidence or answer
   * @throws IllegalArgumentException if the label is no known class
   */
  public static JudgeVerdict of(String label, String reasoning) {
    return new JudgeVerdict(status(label), reasoning, Map.of(), Map.of(), Map.of());
  }

  /**
   * The status of class {@code label}, as the reference names it.
   *
   * @param label {@code complete}, {@code incomplete} (or {@code others}), {@code server_error} (or {@code
   *     environment_error}) or {@code agent_error}; any case
   * @return the status
   * @throws IllegalArgumentException if the label is no known class
   */
  public static RewardStatus status(String label) {
    String l = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    return switch (l) {
      case "complete" -> RewardStatus.COMPLETE;
      case "incomplete", "others" -> RewardStatus.INCOMPLETE;
      case "server_error", "environment_error" -> RewardStatus.ENVIRONMENT_ERROR;
      case "agent_error" -> RewardStatus.AGENT_ERROR;
      default -> throw new IllegalArgumentException("unknown judge class '" + label + "'; expected one of " + CLASSES);
    };
  }

  /** {@return the class label as the reference writes it ({@code server_error} for an environment error)} */
  public String classification() {
    return switch (status) {
      case COMPLETE -> "complete";
      case INCOMPLETE -> "incomplete";
      case ENVIRONMENT_ERROR -> "server_error";
      default -> "agent_error";
    };
  }
}
