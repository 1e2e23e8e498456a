package dev.awm.llm.internal;

import dev.awm.llm.*;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON a model wrote, as models really write it: inside code fences, with prose before or
 * after, trailing commas, single quotes, comments, unquoted keys, raw newlines in strings (Jackson's
 * lenient read features do the parsing; only finding the JSON in the text is done here). What
 * cannot be read fails with an {@link LlmException} that says why, including a reply cut off at the
 * token limit.
 */
public final class ModelJson {
  private static final JsonMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA,
          JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
          JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
          JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS, JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
      .build();

  private ModelJson() {}

  /** The JSON object in {@code response}'s text. */
  public static JsonNode object(ChatResponse response) {
    if (response.truncated()) {
      throw new LlmException("the reply was cut off at the token limit (finish_reason=length) before its JSON was complete; "
          + "raise max_tokens or ask for less");
    }
    JsonNode n = parse(response.text());
    if (!n.isObject()) throw new LlmException("expected a JSON object in the reply, got " + n.getNodeType());
    return n;
  }

  /** {@code s} cut to 300 characters, for quoting a reply in a message ("" for null). */
  public static String abbreviate(String s) {
    if (s == null) return "";
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  /** The first JSON object or array in {@code text}. */
  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) throw new LlmException("the reply is empty: expected JSON");
    String body = unfence(text);
    int start = firstOpening(body);
    if (start < 0) throw new LlmException("no JSON object or array in the reply: " + abbreviate(text));
    int end = matchingClose(body, start);
    if (end < 0) {
      throw new LlmException("the reply's JSON is not complete (it ends before its closing "
          + (body.charAt(start) == '{' ? "}" : "]") + "); the reply may have been cut off");
    }
    String json = body.substring(start, end + 1);
    try {
      return LENIENT.readTree(json);
    } catch (JacksonException e) {
      throw new LlmException("cannot read the reply's JSON: " + e.getOriginalMessage() + "; it starts: "
          + abbreviate(json), 0, false, e);
    }
  }

  /** The inside of the first fenced block, if there is one that holds JSON. */
  private static String unfence(String text) {
    int open = text.indexOf("```");
    if (open < 0) return text;
    int lineEnd = text.indexOf('\n', open);
    if (lineEnd < 0) return text;
    int close = text.indexOf("```", lineEnd);
    String inside = close < 0 ? text.substring(lineEnd + 1) : text.substring(lineEnd + 1, close);
    return firstOpening(inside) >= 0 ? inside : text;
  }

  private static int firstOpening(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{' || c == '[') return i;
    }
    return -1;
  }

  /** The index of the bracket that closes the one at {@code start}, skipping strings; -1 if none. */
  private static int matchingClose(String s, int start) {
    int depth = 0;
    char quote = 0;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') i++;
        else if (c == quote) quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') quote = c;
      else if (c == '{' || c == '[') depth++;
      else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) return i;
      }
    }
    return -1;
  }
}
