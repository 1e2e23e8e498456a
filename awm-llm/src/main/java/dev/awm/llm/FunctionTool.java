package dev.awm.llm;

import dev.awm.core.internal.JsonValues;
import java.util.Map;
import java.util.Objects;

/**
 * A function the model may call (OpenAI {@code tools[]} of type function).
 *
 * @param name the function name
 * @param description what it does
 * @param parameters a JSON Schema of its arguments object (plain JSON values)
 */
public record FunctionTool(String name, String description, Map<String, Object> parameters) {
  /**
   * Checks and normalizes the components.
   *
   * @param name the function name; not null
   * @param description the description; null becomes empty
   * @param parameters the schema, copied as immutable plain JSON values; null means an object with no
   *     properties
   * @throws NullPointerException if {@code name} is null
   */
  public FunctionTool {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    parameters = parameters == null ? Map.of("type", "object", "properties", Map.of()) : JsonValues.immutableCopy(parameters);
  }
}
