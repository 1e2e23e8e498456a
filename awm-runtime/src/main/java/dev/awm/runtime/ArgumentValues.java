package dev.awm.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a call's arguments as tool code gets them: deep, immutable copies of plain JSON
 * values, so that tool code can neither change nor keep hold of the caller's objects; and the
 * caller's input cut to a bounded length wherever an error message repeats it.
 */
final class ArgumentValues {
  /** How many characters of an input an error message repeats. */
  static final int MAX_ECHO = 100;
  /** How deeply arrays and objects may nest (a deeper or cyclic value is refused). */
  static final int MAX_DEPTH = 1000;

  private ArgumentValues() {}

  /** {@code input} for an error message: at most {@value #MAX_ECHO} characters, then an ellipsis and the length. */
  static String echo(String input) {
    return echo(input, MAX_ECHO);
  }

  /** {@code input} cut to {@code max} characters, then an ellipsis and the original length. */
  static String echo(String input, int max) {
    if (input == null) return "null";
    return input.length() <= max ? input : input.substring(0, max) + "... (" + input.length() + " characters)";
  }

  /**
   * A deep, immutable copy of {@code value}: arrays and objects copied into unmodifiable lists and
   * maps (null elements and null values kept), integers as {@link Long}, floats as {@link Double},
   * strings, booleans, {@link BigInteger} and {@link BigDecimal} as they are.
   *
   * @param what how the value is named in messages, e.g. {@code argument 'tags' of tool 'tag_note'}
   * @throws IllegalArgumentException naming {@code what} and where inside it, when the value holds
   *     NaN or an infinity (JSON has neither), something that is not a plain JSON value, or is
   *     nested deeper than {@value #MAX_DEPTH} levels
   */
  static Object copy(Object value, String what) {
    return copy(value, what, "", 0);
  }

  private static Object copy(Object v, String what, String path, int depth) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long) return v;
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(what + " holds " + d + at(path) + "; numbers must be finite (JSON has no NaN or Infinity)");
      }
      return d;
    }
    if (v.getClass() == BigInteger.class || v.getClass() == BigDecimal.class) return v;
    if (depth >= MAX_DEPTH) throw new IllegalArgumentException(what + " is nested deeper than " + MAX_DEPTH + " levels" + at(path));
    if (v instanceof List) {
      List<?> list = (List<?>) v;
      List<Object> out = new ArrayList<>(list.size());
      for (Object e : list) out.add(copy(e, what, path + "[" + out.size() + "]", depth + 1));
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException(what + " has an object key that is not a string" + at(path) + ": " + JsonType.describe(e.getKey()));
        }
        String key = (String) e.getKey();
        out.put(key, copy(e.getValue(), what, path + "." + echo(key), depth + 1));
      }
      return Collections.unmodifiableMap(out);
    }
    throw new IllegalArgumentException(what + " holds a " + v.getClass().getName() + at(path) + ", which is not a plain JSON value");
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : " at " + echo(path);
  }
}
