package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.ToolResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.util.ByteArrayBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The servlet-free core of the transport's fast path, shared by {@link FastToolCalls} (a servlet
 * filter) and {@link FastToolHandler} (a Jetty handler in front of the servlet layer): which
 * requests it answers, and the answer, written whole as the bytes of an event stream.
 */
final class FastAnswers {
  private static final String[] KINDS = kinds();
  static final String CONTENT_TYPE = "text/event-stream;charset=utf-8";
  /** The fields of an answer's event before its data's value. */
  private static final byte[] MESSAGE = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);

  private FastAnswers() {}

  /** A request this path answers: a call of tool {@code tool} with {@code arguments}, or (tool null) the tool list. */
  record Call(JsonNode id, String tool, Map<String, Object> arguments) {}

  /**
   * The body answering {@code call} in {@code session}: the JSON-RPC response as one server-sent
   * event with an id of the session's numbering (kept for {@code Last-Event-ID}), after a priming
   * event when the client's protocol {@code version} asks for one; null when the session ended
   * before the call reached its handle (the caller hands the request on: it gets the 404 of a
   * session that is not live, as on the servlet path).
   */
  static byte[] answer(SessionRegistry.Session session, Call call, ResumableStreams streams, String version) {
    // a session that ended after its request took it (its client deleted it meanwhile) is answered as the servlet path answers it
    if (call.tool() == null ? session.isClosed() : session.handle() == null) return null;
    byte[] json = call.tool() == null ? response(call.id(), session.tools.toolsListJson(), null)
        : response(call.id(), null, session.tools.call(session.id, call.tool(), call.arguments()));
    EventLog log = streams.openResponseStream(session.id);
    byte[] event = log.appendLast(MESSAGE, json, call.tool() != null); // a tool list is not kept: asking again changes nothing
    if (!ResumableStreams.primes(version)) return event;
    byte[] priming = log.primingEvent(ResumableStreams.RETRY_MILLIS).getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(priming, priming.length + event.length);
    System.arraycopy(event, 0, out, priming.length, event.length);
    return out;
  }

  /** Whether {@code pathInfo} (what follows the endpoint path) names the environment of {@code session}. */
  static boolean namesEnvironment(String pathInfo, SessionRegistry.Session session) {
    return pathInfo != null && pathInfo.length() == session.environment.name().length() + 1 && pathInfo.charAt(0) == '/'
        && pathInfo.endsWith(session.environment.name());
  }

  /** The call {@code m} asks for, or null when the SDK is to answer it. */
  static Call read(JsonNode m) {
    JsonNode id = m.get("id");
    JsonNode method = m.get("method");
    // the ids the SDK takes: a string or an integer that fits a long
    if (id == null || !(id.isString() || (id.isIntegralNumber() && id.canConvertToLong())) || method == null || !method.isString()) return null;
    JsonNode params = m.get("params");
    boolean noParams = params == null || params.isNull();
    switch (method.asString()) {
      case "tools/call" -> {
        JsonNode name = noParams || !params.isObject() ? null : params.get("name");
        if (name == null || !name.isString()) return null;
        JsonNode args = params.get("arguments");
        if (args == null || args.isNull()) return new Call(id, name.asString(), null);
        return args.isObject() ? new Call(id, name.asString(), object(args)) : null;
      }
      case "tools/list" -> {
        JsonNode cursor = noParams || !params.isObject() ? null : params.get("cursor");
        return noParams || (params.isObject() && (cursor == null || cursor.isNull())) ? new Call(id, null, null) : null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * The JSON-RPC response to request {@code id}, in UTF-8 straight from the generator:
   * {@code listJson} as the result, or {@code r} as a tool result. (Text holding half a surrogate
   * pair, which tool code can make, is written as a JSON escape and so stays valid UTF-8.)
   */
  private static byte[] response(JsonNode id, String listJson, ToolResult r) {
    ByteArrayBuilder out = new ByteArrayBuilder(r == null ? listJson.length() + 64 : r.content().length() + r.content().length() / 8 + 160);
    try (JsonGenerator g = JsonValues.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringProperty("jsonrpc", "2.0");
      g.writeName("id");
      if (id.isString()) {
        g.writeString(id.asString());
      } else {
        g.writeNumber(id.longValue());
      }
      g.writeName("result");
      if (r == null) {
        g.writeRawValue(listJson);
      } else { // as EnvironmentTools.toResult, serialized by the SDK's mapper
        g.writeStartObject();
        g.writeName("content");
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringProperty("type", "text");
        g.writeStringProperty("text", r.content());
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanProperty("isError", r.isError());
        g.writeName("_meta");
        g.writeStartObject();
        g.writeStringProperty(EnvironmentTools.KIND_META, KINDS[r.kind().ordinal()]);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /**
   * The values of a JSON object as the SDK's mapper reads them: order-keeping maps, lists,
   * {@link Integer} where it fits (else {@link Long}, else {@link java.math.BigInteger}),
   * {@link Double}, strings, booleans and nulls.
   */
  private static Map<String, Object> object(JsonNode node) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) out.put(e.getKey(), value(e.getValue()));
    return out;
  }

  private static Object value(JsonNode n) {
    if (n.isObject()) return object(n);
    if (n.isArray()) {
      List<Object> out = new ArrayList<>(n.size());
      for (JsonNode e : n) out.add(value(e));
      return out;
    }
    if (n.isString()) return n.asString();
    if (n.isIntegralNumber()) return n.canConvertToInt() ? (Object) n.intValue() : n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    if (n.isNumber()) return n.isBigDecimal() ? n.decimalValue() : (Object) n.doubleValue();
    if (n.isBoolean()) return n.booleanValue();
    return null;
  }

  private static String[] kinds() {
    ToolResult.Kind[] all = ToolResult.Kind.values();
    String[] out = new String[all.length];
    for (ToolResult.Kind k : all) out[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
    return out;
  }
}
