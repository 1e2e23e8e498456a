package dev.awm.runtime;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a tool's return value is a plain JSON value (maps with string keys, lists, strings,
 * numbers, booleans, null; {@code byte[]} from BLOB columns is written as base64). Anything else
 * is refused before serialization, so no getter of an arbitrary object ever runs.
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

  /** Throws {@link NotPlainJson} naming the first value that is not plain JSON. */
  static void check(Object value) {
    check(value, 0, new IdentityHashMap<>());
  }

  private static void check(Object v, int depth, IdentityHashMap<Object, Boolean> seen) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof byte[]) return;
    if (depth > MAX_DEPTH) throw new NotPlainJson("result is nested deeper than " + MAX_DEPTH + " levels");
    if (v instanceof Map || v instanceof List) {
      if (seen.put(v, Boolean.TRUE) != null) throw new NotPlainJson("result contains itself");
      if (v instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (!(e.getKey() instanceof String)) {
            throw new NotPlainJson("result has a map key that is not a string: " + describe(e.getKey()));
          }
          check(e.getValue(), depth + 1, seen);
        }
      } else {
        for (Object o : (List<?>) v) check(o, depth + 1, seen);
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
