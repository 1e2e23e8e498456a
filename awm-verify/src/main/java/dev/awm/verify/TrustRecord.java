package dev.awm.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the cross-examination of one task's verifier found ({@link CrossExamination}): each check
 * that ran and whether it passed. A verifier is trusted when every check passed and the record is
 * complete: the reference solution, the no-op episode with plausible answers, at least one
 * alternative solution and at least one near miss all ran.
 *
 * @param taskIndex the task
 * @param task the task text
 * @param checks the checks, in the order they ran
 */
public record TrustRecord(int taskIndex, String task, List<Check> checks) {
  /** The kinds of check a complete record has. */
  public static final Set<String> REQUIRED = Set.of(Check.REFERENCE, Check.NO_OP, Check.ALTERNATIVE, Check.NEAR_MISS);

  /**
   * Copies the checks.
   *
   * @param taskIndex the task
   * @param task the task text
   * @param checks the checks; not null
   */
  public TrustRecord {
    checks = List.copyOf(checks);
  }

  /**
   * One episode the verifier was tried on, and what it said.
   *
   * @param kind {@value #REFERENCE}, {@value #NO_OP}, {@value #ALTERNATIVE}, {@value #NEAR_MISS} or {@value #FALSE_CLAIM}
   * @param subject which episode, in words (for a no-op: the final answer tried)
   * @param mustBeComplete whether the verifier had to say complete
   * @param outcome what it said (null when the episode could not be played)
   * @param passed whether it said what it had to, on an episode that played as written
   * @param details the verifier's details, or what went wrong
   * @param evidence the calls, what they returned, and the final answer (for whoever must decide who is wrong)
   */
  public record Check(String kind, String subject, boolean mustBeComplete, RewardOutcome outcome, boolean passed, String details,
      String evidence) {
    /** The kind of the reference-solution check. */
    public static final String REFERENCE = "reference";
    /** The kind of the no-op episode checks. */
    public static final String NO_OP = "no_op";
    /** The kind of an alternative solution's check. */
    public static final String ALTERNATIVE = "alternative";
    /** The kind of a near miss's check. */
    public static final String NEAR_MISS = "near_miss";
    /** The kind of a false claim's check. */
    public static final String FALSE_CLAIM = "false_claim";

    /**
     * A JSON form for {@code gen_report.jsonl}: kind, subject, expected, outcome, passed, details.
     *
     * @return the check as a map of plain JSON values
     */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("check", kind);
      m.put("subject", subject);
      m.put("expected", mustBeComplete ? "complete" : "not complete");
      m.put("outcome", outcome == null ? "not played" : outcome.statusLabel());
      m.put("passed", passed);
      m.put("details", details);
      return m;
    }
  }

  /** {@return whether no check failed} */
  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  /**
   * The required kinds of check that did not run (for example no alternative solution was stored).
   *
   * @return the missing kinds, among {@link #REQUIRED}
   */
  public List<String> missing() {
    List<String> out = new ArrayList<>();
    for (String k : List.of(Check.REFERENCE, Check.NO_OP, Check.ALTERNATIVE, Check.NEAR_MISS)) {
      if (checks.stream().noneMatch(c -> c.kind().equals(k))) out.add(k);
    }
    return out;
  }

  /** {@return whether every required kind of check ran} */
  public boolean complete() {
    return missing().isEmpty();
  }

  /** {@return passed and complete: the verifier can be trusted as a reward} */
  public boolean trusted() {
    return passed() && complete();
  }

  /** {@return the checks that failed} */
  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  /**
   * A JSON form for {@code gen_report.jsonl}: trusted, passed, complete, missing and the checks.
   *
   * @return the record as a map of plain JSON values
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trusted", trusted());
    m.put("passed", passed());
    m.put("complete", complete());
    m.put("missing", missing());
    m.put("checks", checks.stream().map(Check::toJson).toList());
    return m;
  }
}
