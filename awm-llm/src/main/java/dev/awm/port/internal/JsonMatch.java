package dev.awm.port.internal;

import dev.awm.core.internal.JsonValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two JSON values as the port's check does: objects by their keys whatever their order,
 * numbers by value ({@code 4} equals {@code 4.0}), arrays element by element, everything else exactly.
 */
public final class JsonMatch {
  private static final int MAX_SHOWN = 160;

  private JsonMatch() {}

  /** Where {@code python} and {@code java} first differ and how ({@code $.books[1].year: python 1968, java 1969}), or null when they match. */
  public static String firstDifference(Object python, Object java) {
    return diff(python, java, "$");
  }

  private static String diff(Object p, Object j, String at) {
    if (p instanceof Number a && j instanceof Number b) {
      return number(a).compareTo(number(b)) == 0 ? null : at + ": python " + show(p) + ", java " + show(j);
    }
    if (p instanceof Map<?, ?> a && j instanceof Map<?, ?> b) {
      TreeSet<String> keys = new TreeSet<>();
      a.keySet().forEach(k -> keys.add(String.valueOf(k)));
      b.keySet().forEach(k -> keys.add(String.valueOf(k)));
      for (String k : keys) {
        if (!a.containsKey(k)) return at + "." + k + ": only java has it (" + show(b.get(k)) + ")";
        if (!b.containsKey(k)) return at + "." + k + ": java lacks it (python " + show(a.get(k)) + ")";
        String d = diff(a.get(k), b.get(k), at + "." + k);
        if (d != null) return d;
      }
      return null;
    }
    if (p instanceof List<?> a && j instanceof List<?> b) {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        String d = diff(a.get(i), b.get(i), at + "[" + i + "]");
        if (d != null) return d;
      }
      return a.size() == b.size() ? null : at + ": python has " + a.size() + " items, java " + b.size();
    }
    if (p == null ? j == null : p.equals(j)) return null;
    return at + ": python " + show(p) + ", java " + show(j);
  }

  static BigDecimal number(Number n) {
    if (n instanceof BigDecimal b) return b;
    if (n instanceof Double || n instanceof Float) return BigDecimal.valueOf(n.doubleValue());
    if (n instanceof java.math.BigInteger b) return new BigDecimal(b);
    return BigDecimal.valueOf(n.longValue());
  }

  static String show(Object v) {
    String s = v instanceof String str ? "\"" + str + "\"" : JsonValues.write(v);
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "...";
  }
}
