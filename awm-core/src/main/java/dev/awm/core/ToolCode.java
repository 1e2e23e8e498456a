package dev.awm.core;

import java.util.Locale;
import java.util.Objects;

/**
 * The source code of an environment's tools ({@code full_code} of a {@code gen_envs.jsonl} row).
 *
 * <p>This project's runtime compiles {@link #JAVA} tool code (the contract is in
 * {@code docs/tool-code-contract.md}). Rows of the public AWM-1K dataset carry Python FastAPI code;
 * they load as {@link #PYTHON} so that the rest of their definition is usable, but cannot be run.
 *
 * @param language {@code java} or {@code python}
 * @param source the whole compilation unit
 */
public record ToolCode(String language, String source) {
  /** Java tool code, compiled with Janino by the runtime. */
  public static final String JAVA = "java";
  /** Python tool code from the reference implementation; loadable, not runnable here. */
  public static final String PYTHON = "python";

  /**
   * Checks and normalizes the components.
   *
   * @param language the language, lower-cased; null or blank means guessed from the source's
   *     markers (Python if it has {@code def} functions or FastAPI imports, else Java)
   * @param source the source; not null
   * @throws NullPointerException if {@code source} is null
   */
  public ToolCode {
    Objects.requireNonNull(source, "source");
    language = language == null || language.isBlank() ? guessLanguage(source) : language.toLowerCase(Locale.ROOT);
  }

  /**
   * Java tool code, which the runtime compiles.
   *
   * @param source the whole compilation unit; not null
   * @return tool code in language {@link #JAVA}
   */
  public static ToolCode java(String source) {
    return new ToolCode(JAVA, source);
  }

  /** Tells Java from the reference implementation's Python by the code's own markers. */
  static String guessLanguage(String source) {
    boolean python = source.contains("\ndef ") || source.startsWith("def ") || source.contains("from fastapi")
        || source.contains("import fastapi") || source.contains("\nasync def ");
    return python ? PYTHON : JAVA;
  }
}
