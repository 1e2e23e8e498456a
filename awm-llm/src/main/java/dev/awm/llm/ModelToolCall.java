package dev.awm.llm;

import java.util.Objects;

/**
 * A tool call the model asked for (OpenAI {@code tool_calls[]}).
 *
 * @param id the call id the tool result must echo
 * @param name the function name
 * @param arguments the arguments as the JSON text the model wrote (may be malformed: check it)
 */
public record ModelToolCall(String id, String name, String arguments) {
  /**
   * Checks and normalizes the components.
   *
   * @param id the call id; null becomes empty
   * @param name the function name; not null
   * @param arguments the arguments' JSON text; null or blank becomes {@code {}}
   * @throws NullPointerException if {@code name} is null
   */
  public ModelToolCall {
    Objects.requireNonNull(name, "name");
    id = id == null ? "" : id;
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
