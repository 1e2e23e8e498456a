package dev.awm.llm;

import dev.awm.core.internal.JsonValues;
import dev.awm.llm.internal.ModelJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI chat-completions and embeddings wire format (also spoken by Azure OpenAI and vLLM). */
final class OpenAiWire {
  private OpenAiWire() {}

  /**
   * How requests to one model are adjusted to what its server accepts: the name of the completion
   * token limit ({@code max_tokens}, or {@code max_completion_tokens} for reasoning models), and
   * parameters left out because the server refused them.
   */
  record Adjustments(String maxTokensName, boolean noTemperature, boolean noResponseFormat) {
    Adjustments withMaxTokensName(String name) {
      return new Adjustments(name, noTemperature, noResponseFormat);
    }

    Adjustments withoutTemperature() {
      return new Adjustments(maxTokensName, true, noResponseFormat);
    }

    Adjustments withoutResponseFormat() {
      return new Adjustments(maxTokensName, noTemperature, true);
    }
  }

  /** The request body of {@code /chat/completions}, as sent before any adjustment. */
  static String chatBody(ChatRequest r, String model) {
    return chatBody(r, model, new Adjustments("max_tokens", false, false));
  }

  /** The request body of {@code /chat/completions} under {@code a}. */
  static String chatBody(ChatRequest r, String model, Adjustments a) {
    ObjectNode body = JsonValues.MAPPER.createObjectNode();
    if (model != null) body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage m : r.messages()) {
      ObjectNode n = messages.addObject().put("role", m.role());
      if (m.content() == null) n.putNull("content");
      else n.put("content", m.content());
      if (!m.toolCalls().isEmpty()) {
        ArrayNode calls = n.putArray("tool_calls");
        for (ModelToolCall c : m.toolCalls()) {
          ObjectNode cn = calls.addObject().put("id", c.id()).put("type", "function");
          cn.putObject("function").put("name", c.name()).put("arguments", c.arguments());
        }
      }
      if (m.toolCallId() != null) n.put("tool_call_id", m.toolCallId());
    }
    if (r.temperature() != null && !(a.noTemperature() && !r.temperatureRequired())) body.put("temperature", r.temperature());
    if (r.maxTokens() != null) body.put(a.maxTokensName(), r.maxTokens());
    if (!r.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (FunctionTool t : r.tools()) {
        ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
        fn.put("name", t.name()).put("description", t.description());
        fn.set("parameters", JsonValues.toNode(t.parameters()));
      }
    }
    if (r.toolChoice() != null) {
      switch (r.toolChoice()) {
        case "auto", "none", "required" -> body.put("tool_choice", r.toolChoice());
        default -> body.putObject("tool_choice").put("type", "function").putObject("function").put("name", r.toolChoice());
      }
    }
    if (r.jsonResponse() && !a.noResponseFormat()) body.putObject("response_format").put("type", "json_object");
    r.extraBody().forEach((k, v) -> body.set(k, JsonValues.toNode(v)));
    return JsonValues.MAPPER.writeValueAsString(body);
  }

  /** Reads a {@code /chat/completions} response body; throws {@link LlmException} if it is not one. */
  static ChatResponse chatResponse(String text) {
    JsonNode root = parse(text);
    JsonNode choice = root.path("choices").path(0);
    if (!choice.isObject()) throw new LlmException("malformed response: no choices[0] in " + abbreviate(text));
    JsonNode msg = choice.path("message");
    List<ModelToolCall> calls = new ArrayList<>();
    for (JsonNode c : msg.path("tool_calls")) {
      JsonNode fn = c.path("function");
      if (!fn.path("name").isString()) throw new LlmException("malformed response: a tool call has no function name: " + abbreviate(c.toString()));
      JsonNode args = fn.path("arguments");
      calls.add(new ModelToolCall(c.path("id").asString(""), fn.path("name").asString(),
          args.isString() ? args.asString() : args.isMissingNode() || args.isNull() ? "{}" : args.toString()));
    }
    JsonNode content = msg.path("content");
    JsonNode usage = root.path("usage");
    return new ChatResponse(content.isString() ? content.asString() : null, calls, choice.path("finish_reason").asString(""),
        new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0)), root.path("model").asString(""));
  }

  /** The request body of {@code /embeddings}. */
  static String embeddingsBody(List<String> inputs, String model) {
    ObjectNode body = JsonValues.MAPPER.createObjectNode();
    if (model != null) body.put("model", model);
    ArrayNode in = body.putArray("input");
    inputs.forEach(in::add);
    return JsonValues.MAPPER.writeValueAsString(body);
  }

  /** Reads an {@code /embeddings} response: one vector per input, ordered by {@code index}. */
  static List<float[]> embeddings(String text, int expected) {
    JsonNode data = parse(text).path("data");
    if (!data.isArray() || data.size() != expected) {
      throw new LlmException("malformed embeddings response: expected " + expected + " vectors in " + abbreviate(text));
    }
    float[][] out = new float[expected][];
    for (JsonNode d : data) {
      int i = d.path("index").asInt(-1);
      if (i < 0 || i >= expected) throw new LlmException("malformed embeddings response: bad index " + i);
      JsonNode e = d.path("embedding");
      out[i] = new float[e.size()];
      for (int k = 0; k < e.size(); k++) out[i][k] = (float) e.get(k).asDouble();
    }
    return List.of(out);
  }

  /** The server's own message in an error body ({@code {"error": {"message": ...}}}), or the body itself. */
  static String errorMessage(String body) {
    try {
      JsonNode root = JsonValues.MAPPER.readTree(body);
      JsonNode err = root.path("error");
      if (err.isObject() && err.path("message").isString()) return err.path("message").asString();
      if (err.isString()) return err.asString();
      if (root.path("message").isString()) return root.path("message").asString();
    } catch (JacksonException e) {
      // not JSON: show it as it is
    }
    return abbreviate(body);
  }

  /**
   * The parameter an error body names as unsupported ({@code error.param} with code
   * {@code unsupported_parameter} or {@code unsupported_value}, or "Unsupported parameter: 'x'" /
   * "Unsupported value: 'x'" in the message), or null.
   */
  static String unsupportedParameter(String body) {
    try {
      JsonNode err = JsonValues.MAPPER.readTree(body).path("error");
      String code = err.path("code").asString("");
      String param = err.path("param").asString("");
      if (!param.isEmpty() && (code.equals("unsupported_parameter") || code.equals("unsupported_value"))) return param;
      java.util.regex.Matcher m = UNSUPPORTED.matcher(err.path("message").asString(""));
      if (m.find()) return m.group(1);
    } catch (JacksonException | IllegalArgumentException e) {
      // not a JSON error body
    }
    return null;
  }

  private static final java.util.regex.Pattern UNSUPPORTED =
      java.util.regex.Pattern.compile("(?i)unsupported (?:parameter|value)s?:? ['\"`]?([a-z_]+)['\"`]?");

  private static JsonNode parse(String text) {
    try {
      JsonNode n = JsonValues.MAPPER.readTree(text);
      if (n == null || !n.isObject()) throw new LlmException("malformed response: not a JSON object: " + abbreviate(text));
      return n;
    } catch (JacksonException e) {
      throw new LlmException("malformed response: not JSON (" + e.getOriginalMessage() + "): " + abbreviate(text), 0, false, e);
    }
  }

  static String abbreviate(String s) {
    return ModelJson.abbreviate(s);
  }
}
