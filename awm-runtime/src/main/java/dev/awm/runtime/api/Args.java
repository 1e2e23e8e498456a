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
   *
   * @param values the arguments by name; null values count as absent
   */
  public Args(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * Whether the argument was given (and not null).
   *
   * @param name the parameter's name
   * @return true if the argument is present and not null
   */
  public boolean has(String name) {
    return values.get(name) != null;
  }

  /**
   * The raw value, or null.
   *
   * @param name the parameter's name
   * @return the value as the runtime gave it, or null if absent
   */
  public Object get(String name) {
    return values.get(name);
  }

  /**
   * The argument as text: a string as is, any other value by its {@code toString()}.
   *
   * @param name the parameter's name
   * @return the text, or null if absent
   */
  public String getString(String name) {
    Object v = values.get(name);
    return v == null ? null : v.toString();
  }

  /**
   * The argument as text, or a default.
   *
   * @param name the parameter's name
   * @param defaultValue what to return when the argument is absent
   * @return the text, or {@code defaultValue} if absent
   */
  public String getString(String name, String defaultValue) {
    return has(name) ? getString(name) : defaultValue;
  }

  /**
   * The argument as a long; a number past the range of {@code long} (a {@link BigInteger}, say)
   * is an error, never wrapped or clamped.
   *
   * @param name the parameter's name
   * @return the value, or null if absent
   * @throws ToolError if the value is not an integer or is out of the range of {@code long}
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

  /**
   * The argument as a long, or a default.
   *
   * @param name the parameter's name
   * @param defaultValue what to return when the argument is absent
   * @return the value, or {@code defaultValue} if absent
   * @throws ToolError if the value is not an integer or is out of the range of {@code long}
   */
  public long getLong(String name, long defaultValue) {
    return has(name) ? getLong(name) : defaultValue;
  }

  /**
   * The argument as an int; a value past the range of {@code int} is an error, never wrapped.
   *
   * @param name the parameter's name
   * @return the value, or null if absent
   * @throws ToolError if the value is not an integer or is out of the range of {@code int}
   */
  public Integer getInt(String name) {
    Long v = getLong(name);
    if (v == null) return null;
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new ToolError("argument '" + name + "' is out of range: " + v);
    return v.intValue();
  }

  /**
   * The argument as an int, or a default.
   *
   * @param name the parameter's name
   * @param defaultValue what to return when the argument is absent
   * @return the value, or {@code defaultValue} if absent
   * @throws ToolError if the value is not an integer or is out of the range of {@code int}
   */
  public int getInt(String name, int defaultValue) {
    return has(name) ? getInt(name) : defaultValue;
  }

  /**
   * The argument as a double; any number is accepted.
   *
   * @param name the parameter's name
   * @return the value, or null if absent
   * @throws ToolError if the value is not a number
   */
  public Double getDouble(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Number) return ((Number) v).doubleValue();
    throw new ToolError("argument '" + name + "' is not a number: " + v);
  }

  /**
   * The argument as a double, or a default.
   *
   * @param name the parameter's name
   * @param defaultValue what to return when the argument is absent
   * @return the value, or {@code defaultValue} if absent
   * @throws ToolError if the value is not a number
   */
  public double getDouble(String name, double defaultValue) {
    return has(name) ? getDouble(name) : defaultValue;
  }

  /**
   * The argument as a boolean; only JSON {@code true} and {@code false} are accepted.
   *
   * @param name the parameter's name
   * @return the value, or null if absent
   * @throws ToolError if the value is not a boolean
   */
  public Boolean getBoolean(String name) {
    Object v = values.get(name);
    if (v == null) return null;
    if (v instanceof Boolean) return (Boolean) v;
    throw new ToolError("argument '" + name + "' is not a boolean: " + v);
  }

  /**
   * The argument as a boolean, or a default.
   *
   * @param name the parameter's name
   * @param defaultValue what to return when the argument is absent
   * @return the value, or {@code defaultValue} if absent
   * @throws ToolError if the value is not a boolean
   */
  public boolean getBoolean(String name, boolean defaultValue) {
    return has(name) ? getBoolean(name) : defaultValue;
  }

  /**
   * The argument as a list (a JSON array); unmodifiable when the runtime made the arguments.
   *
   * @param name the parameter's name
   * @return the list, or null if absent
   * @throws ToolError if the value is not an array
   */
  public List<?> getList(String name) {
    Object v = values.get(name);
    if (v == null || v instanceof List) return (List<?>) v;
    throw new ToolError("argument '" + name + "' is not an array: " + v);
  }

  /**
   * The argument as a map (a JSON object); unmodifiable when the runtime made the arguments.
   *
   * @param name the parameter's name
   * @return the map, or null if absent
   * @throws ToolError if the value is not an object
   */
  public Map<?, ?> getMap(String name) {
    Object v = values.get(name);
    if (v == null || v instanceof Map) return (Map<?, ?>) v;
    throw new ToolError("argument '" + name + "' is not an object: " + v);
  }

  /**
   * The names of the arguments given.
   *
   * @return the names of the arguments given, in the order of the map given (including names whose value is null)
   */
  public Set<String> names() {
    return values.keySet();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
