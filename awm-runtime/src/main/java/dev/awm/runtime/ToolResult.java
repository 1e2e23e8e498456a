package dev.awm.runtime;

import dev.awm.core.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one tool call. A bad call (unknown tool, bad arguments, a tool that fails) is an
 * error result, never an exception: the agent reads {@link #message()}, and the database is as it
 * was before the call.
 *
 * @param tool the tool's name as called
 * @param isError whether the call failed
 * @param content the result as JSON text: the tool's return value, or {@code {"error": message}}
 * @param message null on success; on failure, what went wrong, naming the cause
 */
public record ToolResult(String tool, boolean isError, String content, String message) {

  /** A successful result whose content is the JSON text {@code json}. */
  public static ToolResult ok(String tool, String json) {
    return new ToolResult(tool, false, json, null);
  }

  /** A failed result with {@code message}. */
  public static ToolResult error(String tool, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    return new ToolResult(tool, true, JsonValues.write(body), message);
  }

  /** The content as plain JSON values (maps, lists, strings, numbers). */
  public Object contentValue() {
    return JsonValues.parse(content);
  }

  /** {@code {"tool": ..., "is_error": ..., "content": <json>, "message": ...}} as JSON text. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", tool);
    m.put("is_error", isError);
    m.put("content", contentValue());
    m.put("message", message);
    return JsonValues.write(m);
  }
}
