package dev.awm.runtime;

import dev.awm.core.internal.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact shape of what a tool returns, from its spec's {@code response}, for the tool's
 * description: field names and types only ({@code {"id": "integer", "items": [{"name": "string"}]}}),
 * the reference's per-field {@code {"type", "description", "example"}} objects reduced to their
 * type, nested no deeper than {@value #MAX_DEPTH} levels and at most {@value #MAX_CHARS} characters,
 * so that an agent knows the result fields before it calls.
 */
final class ResponseShape {
  static final int MAX_CHARS = 600;
  static final int MAX_DEPTH = 4;
  private static final Set<String> FIELD_KEYS = Set.of("type", "description", "example", "examples", "items", "properties",
      "nullable", "format", "enum");

  private ResponseShape() {}

  /** The compact shape of {@code response} as JSON text, or empty when the spec gives none. */
  static String of(Object response) {
    if (response == null || response instanceof Map<?, ?> m && m.isEmpty() || response instanceof String s && s.isBlank()) return "";
    for (int depth = MAX_DEPTH; depth >= 1; depth--) {
      String text = JsonValues.write(compact(response, depth));
      if (text.length() <= MAX_CHARS) return text;
    }
    String text = JsonValues.write(compact(response, 1));
    return text.substring(0, MAX_CHARS - 3) + "...";
  }

  private static Object compact(Object node, int depth) {
    if (node instanceof Map<?, ?> map) {
      if (isFieldSpec(map)) {
        Object type = map.get("type");
        if ("array".equals(type) && map.get("items") != null) return List.of(compact(map.get("items"), depth));
        if ("object".equals(type) && map.get("properties") instanceof Map<?, ?> props) return compact(props, depth);
        return type;
      }
      if (depth <= 0) return "object";
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), compact(v, depth - 1)));
      return out;
    }
    if (node instanceof List<?> list) {
      if (list.isEmpty()) return list;
      if (depth <= 0) return "array";
      List<Object> out = new ArrayList<>();
      out.add(compact(list.get(0), depth - 1));
      return out;
    }
    return node;
  }

  /** A map that describes one field ({@code {"type": "integer", "description": ...}}) rather than an object's fields. */
  private static boolean isFieldSpec(Map<?, ?> map) {
    return map.get("type") instanceof String && FIELD_KEYS.containsAll(map.keySet().stream().map(String::valueOf).toList());
  }
}
