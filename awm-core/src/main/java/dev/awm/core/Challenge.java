package dev.awm.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An episode written to cross-examine a task's verifier: an alternative solution it must reward
 * complete, or a near miss or false claim it must not. Stored one row each in this project's
 * {@code gen_challenges.jsonl}: {@code {"scenario", "task_idx", "task", "kind", "calls", "final_answer", "why"}}.
 *
 * @param taskIndex the task's index (0-based)
 * @param kind what the episode is, and so what the verifier must say
 * @param calls the tool calls, in order (none for a false claim)
 * @param finalAnswer the agent's final answer
 * @param why what makes it a different correct path, or what is wrong with it (one sentence)
 */
public record Challenge(int taskIndex, Kind kind, List<ToolCall> calls, String finalAnswer, String why) {
  /**
   * Checks and normalizes the components.
   *
   * @param taskIndex the task's index; must be 0 or more
   * @param kind the kind of episode; not null
   * @param calls the tool calls, copied; null means none
   * @param finalAnswer the final answer; null becomes empty
   * @param why the one-sentence explanation; null becomes empty
   * @throws IllegalArgumentException if {@code taskIndex} is negative
   * @throws NullPointerException if {@code kind} is null
   */
  public Challenge {
    if (taskIndex < 0) throw new IllegalArgumentException("taskIndex must be >= 0: " + taskIndex);
    Objects.requireNonNull(kind, "kind");
    calls = calls == null ? List.of() : List.copyOf(calls);
    finalAnswer = finalAnswer == null ? "" : finalAnswer;
    why = why == null ? "" : why;
  }

  /** The kinds of challenge. */
  public enum Kind {
    /** An independent correct solution by another path: the verifier must say complete. */
    ALTERNATIVE,
    /** Partial or subtly wrong work: the verifier must not say complete. */
    NEAR_MISS,
    /** No calls and a confident but false final answer: the verifier must not say complete. */
    FALSE_CLAIM;

    /** {@return the name in the files: {@code alternative}, {@code near_miss} or {@code false_claim}} */
    public String fileName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the kind from its name in the files.
     *
     * @param s {@code alternative}, {@code near_miss} or {@code false_claim} (any case, surrounding
     *     blanks ignored)
     * @return the kind
     * @throws IllegalArgumentException if {@code s} is null or names no kind
     */
    public static Kind parse(String s) {
      for (Kind k : values()) if (k.fileName().equalsIgnoreCase(s == null ? "" : s.strip())) return k;
      throw new IllegalArgumentException("challenge kind must be alternative, near_miss or false_claim, not \"" + s + "\"");
    }
  }

  /** {@return whether the verifier must reward this episode complete (only an alternative)} */
  public boolean mustBeComplete() {
    return kind == Kind.ALTERNATIVE;
  }
}
