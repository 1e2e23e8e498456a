package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.ToolResult;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The transport's fast path: answers the requests an agent sends over and over, {@code tools/call}
 * and {@code tools/list} on a live session, itself, without the SDK's pipeline (its JSON-RPC
 * envelope read a second time and converted, a Reactor chain per request, and an event stream
 * written a character at a time), and writes the answer in one write with a
 * {@code Content-Length}. The answer is what the SDK path answers: the same JSON-RPC result (see
 * {@link EnvironmentTools#call} and {@link EnvironmentTools#toolsListJson()}), as one server-sent
 * event with an id of the session's numbering, kept for a client that resumes with
 * {@code Last-Event-ID} ({@link ResumableStreams#openResponseStream}), after a priming event for
 * clients of protocol 2025-11-25 and later, and the same calls counted and logged.
 *
 * <p>It sits after {@link SessionGate} (the session is live, its activity noted) and reads the body
 * {@link StreamableHttpChecks} parsed. Everything else goes on to the SDK: other methods,
 * notifications and responses, a {@code tools/call} whose parameters cannot be read as a name and
 * an object of arguments (the SDK path answers those with its messages), a {@code tools/list}
 * with a cursor, and, in a server of many, a session's request sent to another environment's endpoint.
 */
final class FastToolCalls extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final String[] KINDS = kinds();

  private final transient SessionRegistry registry;
  private final transient ResumableStreams streams;
  private final boolean endpointPerEnvironment;

  /**
   * @param endpointPerEnvironment whether the server has an endpoint per environment ({@code /mcp/NAME}),
   *     so that a request must name its session's environment
   */
  FastToolCalls(SessionRegistry registry, ResumableStreams streams, boolean endpointPerEnvironment) {
    this.registry = registry;
    this.streams = streams;
    this.endpointPerEnvironment = endpointPerEnvironment;
  }

  /** A request this path answers: a call of tool {@code tool} with {@code arguments}, or (tool null) the tool list. */
  private record Call(JsonNode id, String tool, Map<String, Object> arguments) {}

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    Call call = "POST".equals(req.getMethod()) && req.getAttribute(StreamableHttpChecks.MESSAGE_ATTRIBUTE) instanceof JsonNode m ? read(m) : null;
    SessionRegistry.Session session = call == null ? null : registry.session(req.getHeader(SessionGate.SESSION_HEADER));
    if (session == null || session.tools == null || (endpointPerEnvironment && !namesEnvironment(req, session))) {
      chain.doFilter(req, res);
      return;
    }
    String json = call.tool() == null ? response(call.id(), session.tools.toolsListJson(), null)
        : response(call.id(), null, session.tools.call(session.id, call.tool(), call.arguments()));
    EventLog log = streams.openResponseStream(session.id);
    StringBuilder sse = new StringBuilder(json.length() + 64);
    if (ResumableStreams.primes(req.getHeader(StreamableHttpChecks.PROTOCOL_VERSION_HEADER))) {
      sse.append(log.primingEvent(ResumableStreams.RETRY_MILLIS));
    }
    sse.append(log.appendLast("event: message\ndata: " + json + "\n"));
    byte[] body = sse.toString().getBytes(StandardCharsets.UTF_8);
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentType("text/event-stream;charset=utf-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  private static boolean namesEnvironment(HttpServletRequest req, SessionRegistry.Session session) {
    String info = req.getPathInfo();
    return info != null && info.length() == session.environment.name().length() + 1 && info.endsWith(session.environment.name());
  }

  /** The call {@code m} asks for, or null when the SDK is to answer it. */
  private static Call read(JsonNode m) {
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

  /** The JSON-RPC response to request {@code id}: {@code listJson} as the result, or {@code r} as a tool result. */
  private static String response(JsonNode id, String listJson, ToolResult r) {
    StringWriter out = new StringWriter(r == null ? listJson.length() + 48 : r.content().length() + 128);
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
    return out.toString();
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
