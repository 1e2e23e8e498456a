package dev.awm.core.internal;

import dev.awm.core.*;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain JSON values: {@code null}, {@link String}, {@link Boolean}, {@link Long}, {@link Double}
 * (or {@link BigInteger}/{@link BigDecimal} where they do not fit), {@link List} and
 * {@link Map} with string keys. The definition types hold these instead of Jackson nodes so that
 * users see ordinary Java values; this class converts and freezes them.
 */
public final class JsonValues {
  /** The shared mapper of the project: thread-safe, configured once. */
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private JsonValues() {}

  /** Converts a Jackson tree to plain values (maps keep their order). */
  public static Object fromNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    if (node.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) m.put(e.getKey(), fromNode(e.getValue()));
      return Collections.unmodifiableMap(m);
    }
    if (node.isArray()) {
      List<Object> l = new ArrayList<>(node.size());
      for (JsonNode n : node) l.add(fromNode(n));
      return Collections.unmodifiableList(l);
    }
    if (node.isBoolean()) return node.booleanValue();
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.isBigDecimal() ? node.decimalValue() : (Object) node.doubleValue();
    }
    return node.asString();
  }

  /** Converts plain values (or anything Jackson can serialize) to a Jackson tree. */
  public static JsonNode toNode(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Parses JSON text into plain values. */
  public static Object parse(String json) {
    return fromNode(MAPPER.readTree(json));
  }

  /** Writes a value as compact JSON text. */
  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** A deep, unmodifiable copy of a plain value (normalizing numbers as {@link #fromNode} does). */
  public static Object immutableValue(Object value) {
    if (value == null || value instanceof String || value instanceof Boolean) return value;
    return fromNode(toNode(value));
  }

  /** A deep, unmodifiable, order-keeping copy of a map of plain values. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> immutableCopy(Map<String, ?> map) {
    return (Map<String, Object>) immutableValue(map);
  }
}
