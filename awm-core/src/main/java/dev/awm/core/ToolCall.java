package dev.awm.core;

import dev.awm.core.internal.JsonValues;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a tool by name with its arguments (plain JSON values).
 *
 * @param name the tool's name (an operation id)
 * @param arguments the arguments by parameter name
 */
public record ToolCall(String name, Map<String, Object> arguments) {
  /**
   * Checks and normalizes the components.
   *
   * @param name the tool's name; not null
   * @param arguments the arguments, copied as immutable plain JSON values; null means none
   * @throws NullPointerException if {@code name} is null
   */
  public ToolCall {
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? Map.of() : JsonValues.immutableCopy(arguments);
  }
}
