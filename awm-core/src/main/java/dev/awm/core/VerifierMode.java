package dev.awm.core;

import java.util.Locale;

/** How a task is verified, as in the reference implementation's {@code --mode}. */
public enum VerifierMode {
  /** Code decides: the verifier returns complete or others. */
  CODE,
  /** Code gathers evidence from the databases; an LLM judge decides. */
  SQL;

  /**
   * Parses the mode as written in the files or on a command line.
   *
   * @param s {@code code} or {@code sql} (any case, surrounding blanks ignored); null or blank
   *     means {@link #CODE}
   * @return the mode
   * @throws IllegalArgumentException if {@code s} names no mode
   */
  public static VerifierMode parse(String s) {
    if (s == null || s.isBlank()) return CODE;
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "code" -> CODE;
      case "sql" -> SQL;
      default -> throw new IllegalArgumentException("unknown verifier mode '" + s + "' (expected code or sql)");
    };
  }

  /** {@return the lower-case name used in the files: {@code code} or {@code sql}} */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
