package dev.awm.runtime.api;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one tool call, already checked against the tool's input schema: required ones
 * are present and every value has its declared type. Integers are {@link Long}, numbers
 * {@link Double} (or {@link Long} when integral), arrays {@link List}, objects {@link Map}.
 * Getters return null (or the given default) for an absent optional argument. Immutable: the
 * runtime gives tool code deep immutable copies of the caller's values, so changing a list or map
 * argument throws {@link UnsupportedOperationException} and never reaches the caller's objects.
 */
public final class Args {
  private final Map<String, Object> values;

  /**
   * Wraps validated values (a copy of the map; its values as given); the runtime builds these from
   * deep immutable copies, tests may too.
   */
  public Args(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Whether the argument was given (and not null). */
  public boolean has(String name) {
    return values.get(name) != null;
  }

  /** The raw value, or null. */
  public Object get(String name) {
    return values.get(name);
  }

  public String getString(String name) {
    Object v = values.get(name);
    return v == null ? null : v.toString();
  }

  public String getString(String name, String defaultValue) {
    return has(name) ? getString(name) : defaultValue;
  }

  /**
   * The argument as a long; a number past the range of {@code long} (a {@link BigInteger}, say)
   * is an error, never wrapped or clamped.
   */
  public Long getLong(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof BigInteger && ((BigInteger) v).bitLength() <= 63) return ((BigInteger) v).longValue();
    if (v instanceof Number && !(v instanceof BigInteger)) {
      double d = ((Number) v).doubleValue();
      // 2^63 is exact as a double: anything below it in magnitude converts without clamping
      if (d >= -0x1p63 && d < 0x1p63) return ((Number) v).longValue();
    }
    if (v instanceof Number) throw new ToolError("argument '" + name + "' is out of range: " + v);
    throw new ToolError("argument '" + name + "' is not an integer: " + v);
  }

  public long getLong(String name, long defaultValue) {
    return has(name) ? getLong(name) : defaultValue;
  }

  public Integer getInt(String name) {
    Long v = getLong(name);
    if (v == null) return null;
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new ToolError("argument '" + name + "' is out of range: " + v);
    return v.intValue();
  }

  public int getInt(String name, int defaultValue) {
    return has(name) ? getInt(name) : defaultValue;
  }

  public Double getDouble(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Number) return ((Number) v).doubleValue();
    throw new ToolError("argument '" + name + "' is not a number: " + v);
  }

  public double getDouble(String name, double defaultValue) {
    return has(name) ? getDouble(name) : defaultValue;
  }

  public Boolean getBoolean(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Boolean) return (Boolean) v;
    throw new ToolError("argument '" + name + "' is not a boolean: " + v);
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    return has(name) ? getBoolean(name) : defaultValue;
  }

  public List<?> getList(String name) {
    Object v = values.get(name);
    if (v == null || v instanceof List) return (List<?>) v;
    throw new ToolError("argument '" + name + "' is not an array: " + v);
  }

  public Map<?, ?> getMap(String name) {
    Object v = values.get(name);
    if (v == null || v instanceof Map) return (Map<?, ?>) v;
    throw new ToolError("argument '" + name + "' is not an object: " + v);
  }

  /** The names of the arguments given. */
  public Set<String> names() {
    return values.keySet();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
