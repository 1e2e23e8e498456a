package dev.awm.cli.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Escaping for the report's HTML and SVG. Every value from the files (names, tasks, table values,
 * reasons) was written by a model and goes through {@link #esc}: it can only ever be text.
 */
final class Html {
  private Html() {}

  /**
   * {@code s} as text in an element or a double-quoted attribute: {@code & < > " '} become
   * references, and control characters (but tab, new line and carriage return) are dropped, as
   * is an unpaired surrogate.
   */
  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0)) {
            b.append('\ufffd');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** An element id or fragment made of {@code s}: only {@code [a-z0-9_-]} are kept, others become '-'. */
  static String id(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
  }

  /** A number as the page prints it. */
  static String num(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A percentage with one decimal. */
  static String pct(double p) {
    return String.format(Locale.ROOT, "%.1f%%", p);
  }

  /** The Content-Security-Policy source of an inline element's text: {@code 'sha256-...'}. */
  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
