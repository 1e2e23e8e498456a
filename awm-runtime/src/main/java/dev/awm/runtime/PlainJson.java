package dev.awm.runtime;

import dev.awm.core.internal.JsonValues;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;

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
    String json = text(value);
    if (json.length() > maxChars) throw new TooLarge(maxChars);
    return json;
  }

  /**
   * The JSON text of a checked plain value, as {@link JsonValues#write} writes it, through a
   * streaming generator: no serializer is looked up for each map and value.
   */
  static String text(Object value) {
    java.io.StringWriter out = new java.io.StringWriter(256);
    try (JsonGenerator g = JsonValues.MAPPER.createGenerator(out)) {
      write(g, value);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v) {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object o : l) write(g, o);
      g.writeEndArray();
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double d) {
      g.writeNumber(d.doubleValue());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writePOJO(v); // other numbers and byte[] (base64): as the mapper writes them
    }
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
