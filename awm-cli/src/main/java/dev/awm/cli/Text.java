package dev.awm.cli;

/** Text shortening for the command line's one-line reports. */
final class Text {
  private Text() {}

  /**
   * The line that reports an environment without tools (its build only logs a warning: the CLI's
   * checks fail it), saying why it has none.
   */
  static String noTools(dev.awm.core.EnvironmentDefinition def) {
    boolean code = def.toolCode() != null && !def.toolCode().source().isBlank();
    return "FAIL " + def.name() + ": the environment has no tools (no endpoints in the spec"
        + (code ? "" : ", no tool code") + ")";
  }

  /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
