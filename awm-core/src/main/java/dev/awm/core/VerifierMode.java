package dev.awm.core;

import java.util.Locale;

/** How a task is verified, as in the reference implementation's {@code --mode}. */
public enum VerifierMode {
  /** Code decides: the verifier returns complete or others. */
  CODE,
  /** Code gathers evidence from the databases; an LLM judge decides. */
  SQL;

  /** Parses {@code code} or {@code sql} (any case). */
  public static VerifierMode parse(String s) {
    if (s == null || s.isBlank()) return CODE;
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "code" -> CODE;
      case "sql" -> SQL;
      default -> throw new IllegalArgumentException("unknown verifier mode '" + s + "' (expected code or sql)");
    };
  }

  /** The lower-case name used in the files. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
