package dev.awm.agent;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.llm.LlmException;
import dev.awm.llm.internal.ModelJson;
import dev.awm.runtime.ToolDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text tool-calling protocol of the reference implementation ({@code awm/core/agent.py}), which
 * the Arctic-AWM models were trained on: the model writes
 * {@code <tool_call>{"name": ..., "arguments": ...}</tool_call>} and has two functions,
 * {@code list_tools} and {@code call_tool(tool_name, arguments)}; the environment's tools are shown
 * with an {@code mcp_tool_} prefix, which is stripped again when one is called.
 *
 * <p>Every message this class writes for the model names the model's functions, never Java ones,
 * and says what to fix without parser internals.
 */
final class TextProtocol {
  static final String LIST_TOOLS = "list_tools";
  static final String CALL_TOOL = "call_tool";
  static final String PREFIX = "mcp_tool_";
  private static final Pattern BLOCK = Pattern.compile("<tool_call>\\s*(.*?)\\s*</tool_call>", Pattern.DOTALL);
  /** An {@code "arguments": "{...}"} string whose inner quotes were not escaped (as the prompt's example is often copied). */
  private static final Pattern RAW_ARGUMENTS = Pattern.compile("(\"arguments\"\\s*:\\s*)\"(\\{.*\\})\"(\\s*}\\s*}?\\s*)$", Pattern.DOTALL);
  private static final String SHAPE = "write {\"name\": <function-name>, \"arguments\": <args-json-object>} inside the <tool_call></tool_call> tags";

  private TextProtocol() {}

  /** One {@code <tool_call>} block of a message: a call, or why it could not be read. */
  record Block(ToolCall call, String error) {}

  /** The system prompt: the same content as the reference's {@code get_system_prompt()}, in our own words. */
  static String systemPrompt() {
    return """
        # MCP Tools

        You are working in an MCP environment and help with the user's request by calling its MCP tools. \
        Call exactly one function per step. You are already signed in; when a tool needs a user id, yours is 1.

        There are TWO functions, listed inside the <tools></tools> XML tags:
        <tools>
        1. list_tools
            - Description: Lists the MCP tools this environment offers for the user's task, with what each does.
            - Arguments: None
            - Output: The environment's MCP tools with their descriptions and parameters

        2. call_tool
            - Description: Calls one of the environment's MCP tools
            - Arguments:
                - tool_name: str, required, a tool name exactly as list_tools shows it
                - arguments: str, required, the arguments of <tool_name> as one valid JSON string, with no markdown fences \
        and nothing else around it; the tool parses and runs it. Pass an empty JSON object string when <tool_name> takes no arguments.
            - Output: What the <tool_name> tool returned
        </tools>

        Start by calling list_tools to see the tools, and call it only once. At the last step, write the answer or a \
        summary directly, without calling any function.

        To call a function, write a JSON object with the function's name and arguments inside <tool_call></tool_call> XML tags:
        <tool_call>
        {"name": <function-name>, "arguments": <args-json-object>}
        </tool_call>

        Example Function Call #1:
        <tool_call>
        {"name": "list_tools", "arguments": null}
        </tool_call>

        Example Function Call #2:
        <tool_call>
        {"name": "call_tool", "arguments": {"tool_name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}}
        </tool_call>""";
  }

  /** {@code value} (parsed JSON) as an object's map; an IllegalArgumentException with {@code notAnObject} when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String notAnObject) {
    if (!(value instanceof Map)) throw new IllegalArgumentException(notAnObject);
    return (Map<String, Object>) value;
  }

  /**
   * The {@code <tool_call>} blocks of {@code text} in order (empty: a final answer). As in the
   * reference's {@code parse_tool_calls}: a block holding a list stands for its first element, and a
   * function named {@code mcp_tool_<tool>} (or just {@code <tool>}) is a {@code call_tool} of that tool.
   */
  static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    if (text == null) return out;
    Matcher m = BLOCK.matcher(text);
    while (m.find()) out.add(block(m.group(1)));
    return out;
  }

  private static Block block(String body) {
    Object v;
    try {
      v = readJson(body);
    } catch (IllegalArgumentException e) {
      return new Block(null, "the <tool_call> block is not valid JSON; " + SHAPE + ".");
    }
    if (v instanceof List<?> l && !l.isEmpty()) v = l.get(0);
    if (!(v instanceof Map<?, ?> map) || !(map.get("name") instanceof String name) || name.isBlank()) {
      return new Block(null, "the <tool_call> block names no function; " + SHAPE + ".");
    }
    Object args = map.get("arguments");
    if (name.equals(LIST_TOOLS)) return new Block(new ToolCall(LIST_TOOLS, Map.of()), null);
    Map<String, Object> wrapped = new LinkedHashMap<>();
    if (name.equals(CALL_TOOL)) {
      if (args != null) wrapped.put("arguments", args);
    } else {
      wrapped.put("tool_name", name);
      wrapped.put("arguments", args == null ? Map.of() : args);
    }
    return new Block(new ToolCall(CALL_TOOL, wrapped), null);
  }

  /**
   * The tool and its arguments of a {@code call_tool} call, as the reference's
   * {@code parse_call_tool_arguments} reads them: the call's arguments as an object or as a JSON
   * string of one, the tool's arguments as an object or a JSON string (empty: none), and the
   * {@code mcp_tool_} prefix stripped. Unlike the reference, arguments that are not an object are
   * reported to the model instead of being replaced by none.
   */
  static ToolCall inner(ToolCall callTool) {
    Object outer = callTool.arguments().containsKey("tool_name") ? callTool.arguments() : callTool.arguments().get("arguments");
    if (outer instanceof String s) outer = s.isBlank() ? null : readJson(s);
    if (!(outer instanceof Map<?, ?> o) || !(o.get("tool_name") instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException("call_tool needs \"tool_name\" (a tool name from list_tools) and \"arguments\" "
          + "(its arguments as a JSON string)");
    }
    if (name.startsWith(PREFIX)) name = name.substring(PREFIX.length());
    Object args = o.get("arguments");
    if (args instanceof String s) args = s.isBlank() ? Map.of() : readJson(s);
    if (args == null) args = Map.of();
    return new ToolCall(name, object(args, "the \"arguments\" of call_tool for '" + name + "' must be a JSON object (as a string), like \"{}\""));
  }

  /** Plain JSON values of {@code text}, read leniently; an IllegalArgumentException without parser details when it cannot be. */
  static Object readJson(String text) {
    try {
      return JsonValues.fromNode(ModelJson.parse(text));
    } catch (LlmException | IllegalArgumentException e) {
      String t = text.strip();
      Matcher m = RAW_ARGUMENTS.matcher(t);
      if (m.find()) {
        try {
          return JsonValues.fromNode(ModelJson.parse(t.substring(0, m.start()) + m.group(1) + JsonValues.write(m.group(2)) + m.group(3)));
        } catch (LlmException | IllegalArgumentException ignored) {
          // fall through
        }
      }
      throw new IllegalArgumentException("not valid JSON");
    }
  }

  /** Says the tool's name again without the model-facing names of Java methods. */
  static String forModel(String message) {
    return message == null ? "" : message.replace("listTools()", LIST_TOOLS).replace("callTool()", CALL_TOOL);
  }

  /** The {@code list_tools} output, formatted as the reference's {@code format_tools_for_response} does. */
  static String toolList(List<ToolDescriptor> tools) {
    List<ToolDescriptor> shown = tools.stream().filter(t -> !t.name().equals(LIST_TOOLS)).toList();
    StringBuilder sb = new StringBuilder("Available MCP Tools (").append(shown.size()).append(" tools):\n").append("=".repeat(80)).append("\n\n");
    int i = 0;
    for (ToolDescriptor t : shown) {
      sb.append(++i).append(". ").append(t.name().startsWith(PREFIX) ? t.name() : PREFIX + t.name()).append('\n');
      String[] lines = t.description().split("\n", -1);
      sb.append("   Description: ").append(lines[0].strip()).append('\n');
      for (int k = 1; k < lines.length; k++) if (!lines[k].isBlank()) sb.append("   ").append(lines[k].strip()).append('\n');
      Map<String, Object> props = map(t.inputSchema().get("properties"));
      if (!props.isEmpty()) {
        sb.append("   Parameters:\n");
        parameters(sb, props, t.inputSchema().get("required"), 6);
      } else {
        sb.append("   Parameters: None\n");
      }
      sb.append('\n');
    }
    return sb.toString().strip();
  }

  private static void parameters(StringBuilder sb, Map<String, Object> props, Object required, int indent) {
    String pad = " ".repeat(indent);
    for (Map.Entry<String, Object> e : props.entrySet()) {
      Map<String, Object> p = map(e.getValue());
      Object type = p.getOrDefault("type", "unknown");
      boolean req = required instanceof Collection<?> c && c.contains(e.getKey());
      sb.append(pad).append("- ").append(e.getKey()).append(": ").append(pyStr(type)).append(req ? " (required)" : " (optional)").append('\n');
      if (p.get("description") instanceof String d && !d.isEmpty()) sb.append(pad).append("  Description: ").append(d).append('\n');
      if (p.get("default") != null) sb.append(pad).append("  Default: ").append(pyStr(p.get("default"))).append('\n');
      if (p.get("enum") instanceof List<?> en && !en.isEmpty()) sb.append(pad).append("  Allowed values: ").append(pyRepr(en)).append('\n');
      Map<String, Object> nested = map(p.get("properties"));
      if ("object".equals(type) && !nested.isEmpty()) {
        sb.append(pad).append("  Properties:\n");
        parameters(sb, nested, p.get("required"), indent + 4);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v) {
    return v instanceof Map ? (Map<String, Object>) v : Map.of();
  }

  /** How Python's {@code str()} shows a JSON value (the reference writes defaults so). */
  static String pyStr(Object v) {
    return v instanceof String s ? s : pyRepr(v);
  }

  /** How Python's {@code repr()} shows a JSON value (the reference writes enum lists so). */
  static String pyRepr(Object v) {
    if (v == null) return "None";
    if (v instanceof Boolean b) return b ? "True" : "False";
    if (v instanceof String s) {
      return s.contains("'") && !s.contains("\"") ? "\"" + s.replace("\\", "\\\\") + "\""
          : "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object o : l) parts.add(pyRepr(o));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(pyRepr(k) + ": " + pyRepr(x)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      double d = ((Number) v).doubleValue();
      return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16 ? (long) d + ".0" : Double.toString(d);
    }
    return v.toString();
  }
}
