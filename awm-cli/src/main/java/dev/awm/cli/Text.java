package dev.awm.cli;

/** Text shortening for the command line's one-line reports. */
final class Text {
  private Text() {}

  /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
