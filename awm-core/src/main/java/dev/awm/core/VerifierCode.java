package dev.awm.core;

/**
 * The verifier of one task ({@code gen_verifier.jsonl} row).
 *
 * @param taskIndex the task's index in the scenario's task list (0-based, as in the files)
 * @param task the task text
 * @param mode code or sql
 * @param language {@code java} for this project's verifiers, {@code python} for AWM-1K rows
 * @param code the verifier source (may be empty when generation failed)
 */
public record VerifierCode(int taskIndex, String task, VerifierMode mode, String language, String code) {
  /**
   * Checks and normalizes the components.
   *
   * @param taskIndex the task's index; must be 0 or more
   * @param task the task text; null becomes empty
   * @param mode the mode; null becomes {@link VerifierMode#CODE}
   * @param language the language; null or blank means guessed from the code, as for {@link ToolCode}
   * @param code the source; null becomes empty
   * @throws IllegalArgumentException if {@code taskIndex} is negative
   */
  public VerifierCode {
    if (taskIndex < 0) throw new IllegalArgumentException("taskIndex must be >= 0: " + taskIndex);
    task = task == null ? "" : task;
    mode = mode == null ? VerifierMode.CODE : mode;
    code = code == null ? "" : code;
    language = language == null || language.isBlank() ? ToolCode.guessLanguage(code) : language;
  }
}
