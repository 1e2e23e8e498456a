package dev.awm.runtime;

import dev.awm.core.Endpoint;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.RequestParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.ObjectReader;

/**
 * A tool's parameters as derived from its endpoint: the input schema told to agents, and the check
 * of a call's arguments against it. Immutable and thread-safe.
 */
final class ToolSignature {
  private record Param(String name, JsonType type, boolean required) {}

  private final String name;
  private final List<Param> params = new ArrayList<>();
  private final Map<String, Param> byName = new LinkedHashMap<>();
  private final ToolDescriptor descriptor;

  /** Reads arguments, refusing an object that repeats a key (at any depth) rather than keeping the last value. */
  private static final ObjectReader STRICT = JsonValues.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  /** How much of the JSON parser's message (which quotes the input) an error repeats. */
  private static final int MAX_PARSER_MESSAGE = 300;

  /**
   * Arguments given as JSON text: an object, or none (null or blank text).
   *
   * @throws IllegalArgumentException naming the cause when the text is not JSON or not an object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseArguments(String tool, String json) {
    Object args;
    try {
      args = json == null || json.isBlank() ? null : JsonValues.fromNode(STRICT.readTree(json));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("arguments of tool '" + ArgumentValues.echo(tool) + "' are not valid JSON: "
          + ArgumentValues.echo(ToolBinding.firstLine(e.getMessage()), MAX_PARSER_MESSAGE), e);
    }
    if (args != null && !(args instanceof Map)) {
      throw new IllegalArgumentException("arguments of tool '" + ArgumentValues.echo(tool) + "' must be a JSON object, got " + JsonType.describe(args));
    }
    return (Map<String, Object>) args;
  }

  ToolSignature(Endpoint endpoint) {
    this.name = endpoint.operationId();
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (Map.Entry<String, RequestParam> e : endpoint.requestParams().entrySet()) {
      RequestParam p = e.getValue();
      JsonType type = JsonType.of(p.type());
      Param param = new Param(e.getKey(), type, p.required());
      params.add(param);
      byName.put(param.name(), param);
      Map<String, Object> prop = new LinkedHashMap<>();
      if (type.schemaName != null) prop.put("type", type.schemaName);
      if (!p.description().isEmpty()) prop.put("description", p.description());
      if (p.example() != null && type.coerce(p.example()) != null) prop.put("examples", List.of(p.example()));
      properties.put(param.name(), prop);
      if (p.required()) required.add(param.name());
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) schema.put("required", required);
    schema.put("additionalProperties", false);
    this.descriptor = new ToolDescriptor(name, describe(endpoint), schema);
  }

  /** The summary and description, and what the tool returns (its response shape, compact and bounded). */
  private static String describe(Endpoint e) {
    String summary = e.summary().strip();
    String description = e.description().strip();
    String text;
    if (summary.isEmpty()) text = description;
    else if (description.isEmpty() || description.equals(summary)) text = summary;
    else text = summary + (summary.endsWith(".") ? " " : ". ") + description;
    String shape = ResponseShape.of(e.response());
    if (shape.isEmpty()) return text;
    return text + (text.isEmpty() ? "" : text.endsWith(".") ? " " : ". ") + "Returns: " + shape;
  }

  ToolDescriptor descriptor() {
    return descriptor;
  }

  /**
   * Checks {@code arguments} and returns them in canonical form (null values dropped, numbers
   * normalized), every value a deep immutable copy (see {@link ArgumentValues#copy}) so that tool
   * code never reaches the caller's objects; throws {@link IllegalArgumentException} whose message
   * names the first problem.
   */
  Map<String, Object> check(Map<String, Object> arguments) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (arguments != null) {
      for (Map.Entry<String, Object> e : arguments.entrySet()) {
        Param p = byName.get(e.getKey());
        if (p == null) {
          throw new IllegalArgumentException("unknown argument '" + ArgumentValues.echo(e.getKey()) + "' for tool '" + name + "'"
              + (byName.isEmpty() ? " (it takes no arguments)" : "; expected: " + String.join(", ", byName.keySet())));
        }
        if (e.getValue() == null) continue;
        Object v = p.type().coerce(e.getValue());
        if (v == null && p.type() == JsonType.INTEGER && JsonType.beyondLong(e.getValue())) {
          throw new IllegalArgumentException("argument '" + p.name() + "' of tool '" + name + "' must be an integer from "
              + Long.MIN_VALUE + " to " + Long.MAX_VALUE + " (64 bits), got " + JsonType.describe(e.getValue()));
        }
        if (v == null) {
          throw new IllegalArgumentException("argument '" + p.name() + "' of tool '" + name + "' must be "
              + p.type().schemaName + ", got " + JsonType.describe(e.getValue()));
        }
        out.put(p.name(), ArgumentValues.copy(v, "argument '" + p.name() + "' of tool '" + name + "'"));
      }
    }
    for (Param p : params) {
      if (p.required() && !out.containsKey(p.name())) {
        throw new IllegalArgumentException("missing required argument '" + p.name() + "' ("
            + (p.type().schemaName == null ? "any" : p.type().schemaName) + ") for tool '" + name + "'");
      }
    }
    return out;
  }
}
