package dev.awm.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the port's report ({@code port_report.jsonl}): what happened to an environment, to
 * one of its tools, or to one of its verifiers.
 *
 * @param scenario the environment (normalized scenario name)
 * @param kind {@code environment}, {@code tool} or {@code verifier}
 * @param name the tool's operation id, the verifier's task index, or empty for the environment
 * @param status for an environment {@code ported}, {@code failed} or {@code resumed}; for a tool
 *     {@code matches}, {@code differs} or {@code unchecked}; for a verifier {@code agrees},
 *     {@code disagrees}, {@code unchecked}, {@code failed} or {@code skipped}
 * @param attempts model answers it took (0 when nothing was asked)
 * @param checks calls (for a tool) or episodes (for a verifier) compared with the original
 * @param differences what stayed different from the original, one line each (kept, never hidden)
 * @param reason why it failed, was skipped or is unchecked, or empty
 */
public record PortReport(String scenario, String kind, String name, String status, int attempts, int checks, List<String> differences,
    String reason) {
  /**
   * Copies the differences; a null reason is empty.
   *
   * @param scenario the environment
   * @param kind {@code environment}, {@code tool} or {@code verifier}
   * @param name the tool's name or the verifier's task index (empty for an environment)
   * @param status what became of it
   * @param attempts model answers it took
   * @param checks calls or episodes compared with the original
   * @param differences what stayed different
   * @param reason why it failed, was skipped or is unchecked, or empty
   */
  public PortReport {
    differences = List.copyOf(differences);
    reason = reason == null ? "" : reason;
  }

  /** {@return the report line as JSON values, as {@code port_report.jsonl} holds it} */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("kind", kind);
    if (!name.isEmpty()) m.put(kind.equals("verifier") ? "task_idx" : "tool", kind.equals("verifier") ? (Object) Integer.valueOf(name) : name);
    m.put("status", status);
    m.put("attempts", attempts);
    m.put("checks", checks);
    m.put("differences", differences);
    if (!reason.isEmpty()) m.put("reason", reason);
    return m;
  }

  /** {@return whether it ported and matched the original everywhere it was compared} */
  public boolean clean() {
    return List.of("ported", "resumed", "matches", "agrees", "skipped").contains(status);
  }
}
