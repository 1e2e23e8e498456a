package dev.awm.runtime;

import dev.awm.core.internal.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one tool call. A bad call (unknown tool, bad arguments, a tool that fails) is an
 * error result, never an exception: the agent reads {@link #message()}, and the database is as it
 * was before the call.
 *
 * @param tool the tool's name as called
 * @param kind {@link Kind#OK}, or which kind of failure
 * @param content the result as JSON text: the tool's return value, or {@code {"error": message}}
 * @param message null on success; on failure, what went wrong, naming the cause
 */
public record ToolResult(String tool, Kind kind, String content, String message) {
  /** What happened, from the caller's point of view. */
  public enum Kind {
    /** The tool ran and returned a result. */
    OK,
    /** The call itself was wrong: unknown tool, arguments that do not match the schema, bad JSON. */
    BAD_REQUEST,
    /** The tool refused the request on purpose ({@code ToolError}: not found, invalid state...). */
    TOOL_ERROR,
    /** The tool code failed (an exception, a failing statement, a result that is not JSON): a bug in the tool. */
    TOOL_FAILURE,
    /**
     * The tool went past a sandbox limit (time, memory, result size) and was stopped; the message
     * names the limit. The database is as it was before the call.
     */
    LIMIT_EXCEEDED,
    /**
     * SQLite rolled back the episode's whole transaction during the call (a writing statement
     * was interrupted at a limit, or filled the database): every change of the episode is gone
     * and the database is in the environment's initial state. The handle says so too
     * ({@link EnvironmentHandle#episodeLost()}), and a reward for the episode is not a signal about
     * the agent.
     */
    EPISODE_RESET
  }

  /**
   * Checks the components.
   *
   * @param tool the tool's name as called
   * @param kind the outcome; not null
   * @param content the JSON text of the result
   * @param message the failure message, null on success
   * @throws NullPointerException if {@code kind} is null
   */
  public ToolResult {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * A successful result whose content is the JSON text {@code json}.
   *
   * @param tool the tool's name as called
   * @param json the tool's return value as JSON text
   * @return a result of kind {@link Kind#OK} with no message
   */
  public static ToolResult ok(String tool, String json) {
    return new ToolResult(tool, Kind.OK, json, null);
  }

  /**
   * A failed result of {@code kind} with {@code message}.
   *
   * @param tool the tool's name as called
   * @param kind the kind of failure; not {@link Kind#OK}
   * @param message what went wrong, for the agent
   * @return a result whose content is {@code {"error": message}}
   * @throws IllegalArgumentException if {@code kind} is {@link Kind#OK}
   */
  public static ToolResult error(String tool, Kind kind, String message) {
    if (kind == Kind.OK) throw new IllegalArgumentException("an error result needs an error kind");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    return new ToolResult(tool, kind, JsonValues.write(body), message);
  }

  /**
   * Whether the call failed.
   *
   * @return true unless the kind is {@link Kind#OK}
   */
  public boolean isError() {
    return kind != Kind.OK;
  }

  /**
   * The content as plain JSON values (maps, lists, strings, numbers).
   *
   * @return the parsed {@link #content()}
   */
  public Object contentValue() {
    return JsonValues.parse(content);
  }

  /**
   * {@code {"tool": ..., "is_error": ..., "kind": ..., "content": <json>, "message": ...}} as JSON text.
   *
   * @return the result as one JSON object, as run logs and the MCP server write it
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", tool);
    m.put("is_error", isError());
    m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
    m.put("content", contentValue());
    m.put("message", message);
    return JsonValues.write(m);
  }
}
