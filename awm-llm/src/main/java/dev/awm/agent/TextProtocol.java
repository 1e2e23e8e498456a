package dev.awm.agent;

import dev.awm.core.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.llm.LlmException;
import dev.awm.llm.ModelJson;
import dev.awm.runtime.ToolDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The text tool-calling protocol of the reference implementation, used by the Arctic-AWM models
 * on vLLM: the model writes {@code <tool_call>{"name": ..., "arguments": ...}</tool_call>} and has
 * two functions, {@code list_tools} and {@code call_tool(tool_name, arguments)}.
 */
final class TextProtocol {
  static final String LIST_TOOLS = "list_tools";
  static final String CALL_TOOL = "call_tool";
  private static final Pattern BLOCK = Pattern.compile("<tool_call>\\s*(.*?)\\s*</tool_call>", Pattern.DOTALL);

  private TextProtocol() {}

  static String systemPrompt() {
    return """
        You are an assistant that completes the user's task in an application by calling its tools.

        You have TWO functions, described within <tools></tools> XML tags:
        <tools>
        {"name": "list_tools", "description": "List the application's tools with their descriptions and input schemas.", "arguments": null}
        {"name": "call_tool", "description": "Call one of the application's tools.", "arguments": {"tool_name": "a name from list_tools", "arguments": "the tool's arguments as a JSON string"}}
        </tools>

        Call list_tools first, once. To call a function, write a JSON object with its name and arguments inside <tool_call></tool_call> tags, one call per turn:
        <tool_call>
        {"name": "call_tool", "arguments": {"tool_name": "get_order", "arguments": "{\\"order_id\\": 7}"}}
        </tool_call>
        When the task is done, reply with the answer or a short summary and no tool call.""";
  }

  /** {@code value} (parsed JSON) as an object's map; an IllegalArgumentException with {@code notAnObject} when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String notAnObject) {
    if (!(value instanceof Map)) throw new IllegalArgumentException(notAnObject);
    return (Map<String, Object>) value;
  }

  /** The first call in {@code text}, or null when the text has none (a final answer). */
  static ToolCall firstCall(String text) {
    if (text == null) return null;
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) return null;
    JsonNode n = ModelJson.parse(m.group(1));
    if (n.isArray()) n = n.path(0);
    String name = n.path("name").asString("");
    if (name.isEmpty()) throw new LlmException("a <tool_call> has no \"name\"");
    JsonNode args = n.get("arguments");
    Map<String, Object> map = args != null && args.isObject() ? object(JsonValues.fromNode(args), "") : Map.of();
    if (!name.equals(LIST_TOOLS) && !name.equals(CALL_TOOL)) {
      // a model that calls the tool directly: treat it as call_tool
      Map<String, Object> wrapped = new LinkedHashMap<>();
      wrapped.put("tool_name", name);
      wrapped.put("arguments", map);
      return new ToolCall(CALL_TOOL, wrapped);
    }
    return new ToolCall(name, map);
  }

  /** The inner tool and its arguments of a {@code call_tool} call (arguments given as an object or a JSON string). */
  static ToolCall inner(ToolCall callTool) {
    Object name = callTool.arguments().get("tool_name");
    if (!(name instanceof String) || ((String) name).isBlank()) throw new IllegalArgumentException("call_tool needs \"tool_name\"");
    Object args = callTool.arguments().get("arguments");
    if (args instanceof String) {
      String s = ((String) args).strip();
      args = s.isEmpty() ? Map.of() : JsonValues.fromNode(ModelJson.parse(s));
    }
    if (args == null) args = Map.of();
    return new ToolCall((String) name, object(args, "call_tool \"arguments\" must be a JSON object"));
  }

  static String toolList(List<ToolDescriptor> tools) {
    List<Object> out = new ArrayList<>();
    for (ToolDescriptor t : tools) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.put("description", t.description());
      m.put("input_schema", t.inputSchema());
      out.add(m);
    }
    return JsonValues.write(out);
  }
}
