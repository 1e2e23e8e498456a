package dev.awm.runtime;

import dev.awm.core.internal.JsonValues;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent is told about a tool: its name (the endpoint's operation id), a description, and
 * a JSON Schema (draft 2020-12 compatible) for its input object, as plain JSON values.
 *
 * @param name the tool's name
 * @param description the endpoint's summary and description
 * @param inputSchema {@code {"type":"object","properties":{...},"required":[...],"additionalProperties":false}}
 */
public record ToolDescriptor(String name, String description, Map<String, Object> inputSchema) {
  /**
   * Checks and normalizes the components.
   *
   * @param name the tool's name; not null
   * @param description the description; null becomes empty
   * @param inputSchema the schema, copied as immutable plain JSON values; null becomes {@code
   *     {"type":"object"}}
   * @throws NullPointerException if {@code name} is null
   */
  public ToolDescriptor {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    inputSchema = inputSchema == null ? Map.of("type", "object") : JsonValues.immutableCopy(inputSchema);
  }

  /** {@return the input schema as JSON text} */
  public String inputSchemaJson() {
    return JsonValues.write(inputSchema);
  }
}
