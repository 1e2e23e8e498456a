package dev.awm.runtime;

import dev.awm.core.internal.JsonValues;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a tool's return value is a plain JSON value (maps with string keys, lists, strings,
 * numbers, booleans, null; {@code byte[]} from BLOB columns is written as base64). Anything else
 * is refused before serialization, so no getter of an arbitrary object ever runs. Results are
 * bounded: a result larger than the limit fails while it is checked, before any text is written.
 */
final class PlainJson {
  private static final int MAX_DEPTH = 64;

  private PlainJson() {}

  /** A tool returned something that is not a plain JSON value. */
  static final class NotPlainJson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotPlainJson(String message) {
      super(message, null, false, false);
    }
  }

  /** A result is larger than the limit. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge(int limit) {
      super("its result is more than " + limit + " characters of JSON (the limit); return fewer rows or fields", null, false, false);
    }
  }

  /**
   * The JSON text of {@code value}.
   *
   * @throws NotPlainJson naming the first value that is not plain JSON
   * @throws TooLarge if the text would be longer than {@code maxChars}
   */
  static String write(Object value, int maxChars) {
    long[] budget = {maxChars};
    check(value, 0, new IdentityHashMap<>(), budget, maxChars);
    String json = JsonValues.write(value);
    if (json.length() > maxChars) throw new TooLarge(maxChars);
    return json;
  }

  /** Checks {@code v}, taking a lower bound of its JSON length from {@code budget}. */
  private static void check(Object v, int depth, IdentityHashMap<Object, Boolean> seen, long[] budget, int limit) {
    budget[0] -= v instanceof String ? ((String) v).length() + 2 : v instanceof byte[] ? ((byte[]) v).length * 4L / 3 + 2 : 1;
    if (budget[0] < 0) throw new TooLarge(limit);
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof byte[]) return;
    if (depth > MAX_DEPTH) throw new NotPlainJson("result is nested deeper than " + MAX_DEPTH + " levels");
    if (v instanceof Map || v instanceof List) {
      if (seen.put(v, Boolean.TRUE) != null) throw new NotPlainJson("result contains itself");
      if (v instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (!(e.getKey() instanceof String)) {
            throw new NotPlainJson("result has a map key that is not a string: " + describe(e.getKey()));
          }
          budget[0] -= ((String) e.getKey()).length() + 3;
          check(e.getValue(), depth + 1, seen, budget, limit);
        }
      } else {
        for (Object o : (List<?>) v) check(o, depth + 1, seen, budget, limit);
      }
      seen.remove(v);
      return;
    }
    throw new NotPlainJson("result contains a " + describe(v)
        + "; tools return maps, lists, strings, numbers, booleans or null");
  }

  private static String describe(Object o) {
    return o == null ? "null" : o.getClass().getName();
  }
}
