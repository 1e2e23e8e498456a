package dev.awm.runtime;

import java.util.List;
import java.util.Map;

/**
 * Tools an agent can call: an in-process {@link EnvironmentHandle}, or a remote environment
 * reached over MCP. Agents are written against this, so the same loop runs in both places.
 * Implementations say their own threading; a handle is used by one thread at a time.
 */
public interface ToolSession {
  /** {@return the tools' descriptors} */
  List<ToolDescriptor> listTools();

  /**
   * Calls {@code name} with {@code arguments}; never throws for a bad call: the result says what went
   * wrong.
   *
   * @param name the tool's name
   * @param arguments the arguments as plain JSON values, by parameter name
   * @return the result; an error result for an unknown tool, bad arguments or a failing tool
   */
  ToolResult callTool(String name, Map<String, Object> arguments);

  /**
   * The moment the environment's clock reads: SQLite's current time and {@code Db.now()} in its tools
   * are pinned to it, so that "today" in a task means this day. An agent can tell the model.
   *
   * @return the environment's simulated now, or empty when this session does not know it
   */
  default java.util.Optional<java.time.LocalDateTime> simulatedNow() {
    return java.util.Optional.empty();
  }
}
