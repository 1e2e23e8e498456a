package dev.awm.verify.api;

import java.util.Objects;

/**
 * What a code-mode verifier decides: the task is {@code complete}, or it is not ({@code others},
 * the reference implementation's word), with details for people and judges. Immutable.
 */
public final class Verdict {
  private final boolean complete;
  private final String details;

  private Verdict(boolean complete, String details) {
    this.complete = complete;
    this.details = details == null ? "" : details;
  }

  /**
   * The task was done.
   *
   * @param details what was checked, for people and judges; null becomes empty
   * @return a verdict that the task was done
   */
  public static Verdict complete(String details) {
    return new Verdict(true, details);
  }

  /**
   * The task was done (no details).
   *
   * @return a verdict that the task was done, with empty details
   */
  public static Verdict complete() {
    return complete("");
  }

  /**
   * The task was not done, and why.
   *
   * @param details what is missing or wrong; null becomes empty
   * @return a verdict that the task was not done
   */
  public static Verdict others(String details) {
    return new Verdict(false, details);
  }

  /** {@return whether the verifier said complete} */
  public boolean isComplete() {
    return complete;
  }

  /** {@return the verifier's explanation (never null)} */
  public String details() {
    return details;
  }

  /** {@return {@code complete} or {@code others}, as in the reference files} */
  public String result() {
    return complete ? "complete" : "others";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Verdict v && v.complete == complete && v.details.equals(details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(complete, details);
  }

  @Override
  public String toString() {
    return result() + (details.isEmpty() ? "" : ": " + details);
  }
}
