package dev.awm.llm.internal;

import dev.awm.llm.*;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompts, kept as resources under {@code dev/awm/llm/prompts/}, with {@code {{name}}}
 * placeholders. Thread-safe.
 */
public final class Prompts {
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private Prompts() {}

  /** The prompt resource {@code name} (for example {@code judge.system.md}). */
  public static String load(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = Prompts.class.getResourceAsStream("/dev/awm/llm/prompts/" + n)) {
        if (in == null) throw new IllegalArgumentException("no prompt resource '" + n + "'");
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * The prompt {@code name} with each {@code {{key}}} replaced by its value.
   *
   * @throws IllegalArgumentException if a placeholder has no value (a prompt edit that went wrong)
   */
  public static String render(String name, Map<String, String> values) {
    String text = load(name);
    StringBuilder out = new StringBuilder(text.length() + 256);
    int i = 0;
    while (true) {
      int open = text.indexOf("{{", i);
      if (open < 0) break;
      int close = text.indexOf("}}", open);
      if (close < 0) break;
      String key = text.substring(open + 2, close).trim();
      String value = values.get(key);
      if (value == null) throw new IllegalArgumentException("prompt '" + name + "' needs a value for {{" + key + "}}");
      out.append(text, i, open).append(value);
      i = close + 2;
    }
    return out.append(text.substring(i)).toString();
  }
}
