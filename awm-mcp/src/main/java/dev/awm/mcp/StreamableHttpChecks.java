package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The first servlet filter in front of the MCP endpoint: checks what the Streamable HTTP transport
 * (MCP 2025-03-26 to 2025-11-25) asks of a request before the SDK sees it, and answers what is wrong
 * with the HTTP status the specification names and a JSON-RPC error body without an id.
 *
 * <ul>
 *   <li>a method other than GET, POST or DELETE: 405 with {@code Allow};</li>
 *   <li>an {@code MCP-Protocol-Version} this server does not support: 400;</li>
 *   <li>an {@code Accept} without {@code text/event-stream} (and, for POST, {@code application/json}): 406;</li>
 *   <li>a POST whose {@code Content-Type} is not {@code application/json}: 415;</li>
 *   <li>a body that is not JSON: 400 with code -32700 (parse error); JSON that is not one JSON-RPC
 *       message (a batch, no {@code "jsonrpc":"2.0"}, a bad method or id): 400 with -32600;</li>
 *   <li>a request other than {@code initialize} without {@code Mcp-Session-Id}: 400;</li>
 *   <li>a body past the size limit while it is read (chunked): 413.</li>
 * </ul>
 *
 * The SDK's transport (2.1.0) checks some of these with other codes (-32601 for a missing header,
 * -32600 for a parse error) and does not check the protocol version header at all; see
 * {@code docs/mcp-sdk-upstream.md}. A request that passes goes on with its body read once and kept.
 */
final class StreamableHttpChecks extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";
  /** The request attribute holding a POST's body as a JSON tree, once it passed the checks. */
  static final String MESSAGE_ATTRIBUTE = "dev.awm.mcp.message";
  private static final String ALLOW = "GET, POST, DELETE";

  private final List<String> protocolVersions;
  private final long maxRequestBytes;

  StreamableHttpChecks(List<String> protocolVersions, long maxRequestBytes) {
    this.protocolVersions = List.copyOf(protocolVersions);
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    String method = req.getMethod();
    if (!"GET".equals(method) && !"POST".equals(method) && !"DELETE".equals(method)) {
      res.setHeader("Allow", ALLOW);
      refuse(req, res, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method " + method + " is not allowed on the MCP endpoint; use " + ALLOW);
      return;
    }
    String version = req.getHeader(PROTOCOL_VERSION_HEADER);
    if (version != null && !protocolVersions.contains(version.trim())) {
      refuse(req, res, HttpServletResponse.SC_BAD_REQUEST, "unsupported " + PROTOCOL_VERSION_HEADER + " '" + clip(version)
          + "'; this server supports " + String.join(", ", protocolVersions));
      return;
    }
    boolean hasSession = req.getHeader(SessionGate.SESSION_HEADER) != null && !req.getHeader(SessionGate.SESSION_HEADER).isBlank();
    if ("GET".equals(method) || "DELETE".equals(method)) {
      if ("GET".equals(method) && !accepts(req, "text/event-stream")) {
        refuse(req, res, HttpServletResponse.SC_NOT_ACCEPTABLE, "a GET on the MCP endpoint opens an event stream: Accept must list text/event-stream");
      } else if (!hasSession) {
        refuse(req, res, HttpServletResponse.SC_BAD_REQUEST, SessionGate.SESSION_HEADER + " header required (send initialize first to get one)");
      } else {
        chain.doFilter(req, res);
      }
      return;
    }
    if (!accepts(req, "application/json") || !accepts(req, "text/event-stream")) {
      refuse(req, res, HttpServletResponse.SC_NOT_ACCEPTABLE, "Accept must list both application/json and text/event-stream");
      return;
    }
    String type = req.getContentType();
    if (!isJson(type)) {
      refuse(req, res, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, got " + (type == null ? "none" : "'" + clip(type) + "'"));
      return;
    }
    byte[] body;
    try {
      body = req.getInputStream().readAllBytes();
    } catch (IOException | RuntimeException e) {
      if (!tooLarge(e)) throw e;
      refuse(req, res, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLargeMessage(maxRequestBytes));
      return;
    }
    Object parsed = parse(new String(body, StandardCharsets.UTF_8));
    JsonRpcError problem = parsed instanceof JsonRpcError e ? e : check((JsonNode) parsed, hasSession);
    if (problem != null) {
      JsonRpcError.reply(res, HttpServletResponse.SC_BAD_REQUEST, (Integer) problem.code(), (String) problem.message());
      return;
    }
    req.setAttribute(MESSAGE_ATTRIBUTE, parsed); // read once: the fast path answers from it
    chain.doFilter(new ReadBody(req, body), res);
  }

  /** Whether Content-Type {@code type} (or null) is application/json. */
  static boolean isJson(String type) {
    return type != null && covers(type, 0, type.length(), "application/json", false);
  }

  /**
   * Whether the media range in {@code s} from {@code start} to {@code end} (a comma's or the end),
   * without its parameters and surrounding white space, is {@code type}, or with {@code wildcards}
   * also {@code type}'s family ({@code text/*}) or {@code *}{@code /*}; ignoring case.
   */
  private static boolean covers(String s, int start, int end, String type, boolean wildcards) {
    int semicolon = s.indexOf(';', start);
    int to = semicolon >= 0 && semicolon < end ? semicolon : end;
    int from = start;
    while (from < to && Character.isWhitespace(s.charAt(from))) from++;
    while (to > from && Character.isWhitespace(s.charAt(to - 1))) to--;
    int len = to - from;
    if (len == type.length() && s.regionMatches(true, from, type, 0, len)) return true;
    if (!wildcards) return false;
    int family = type.indexOf('/') + 1; // "text/" of "text/event-stream"
    return len == family + 1 && s.charAt(to - 1) == '*' && s.regionMatches(true, from, type, 0, family)
        || len == 3 && s.startsWith("*/*", from);
  }

  /** The message of a 413. */
  static String tooLargeMessage(long maxRequestBytes) {
    return "request body larger than this server's limit of " + maxRequestBytes + " bytes";
  }

  /**
   * What is wrong with a POST body, as the error to answer, or null if it is one JSON-RPC message
   * that may be sent with (or, for {@code initialize}, without) a session.
   */
  static JsonRpcError check(String body, boolean hasSession) {
    Object parsed = parse(body);
    return parsed instanceof JsonRpcError e ? e : check((JsonNode) parsed, hasSession);
  }

  /** The JSON tree of a POST body, or the parse error to answer. */
  static Object parse(String body) {
    try {
      JsonNode node = JsonValues.MAPPER.readTree(body);
      return node == null ? new JsonRpcError(JsonRpcError.PARSE_ERROR, "parse error: the body is empty") : node;
    } catch (JacksonException e) {
      return new JsonRpcError(JsonRpcError.PARSE_ERROR, "parse error: the body is not valid JSON (" + clip(e.getOriginalMessage()) + ")");
    }
  }

  /** {@link #check(String, boolean)} of a body already parsed into {@code node}. */
  static JsonRpcError check(JsonNode node, boolean hasSession) {
    if (node == null || node.isMissingNode()) return new JsonRpcError(JsonRpcError.PARSE_ERROR, "parse error: the body is empty");
    if (node.isArray()) {
      return new JsonRpcError(JsonRpcError.INVALID_REQUEST, "invalid request: JSON-RPC batches are not supported; send one message per POST");
    }
    if (!node.isObject()) return new JsonRpcError(JsonRpcError.INVALID_REQUEST, "invalid request: a JSON-RPC message is a JSON object");
    JsonNode jsonrpc = node.get("jsonrpc");
    if (jsonrpc == null || !jsonrpc.isString() || !"2.0".equals(jsonrpc.asString())) {
      return new JsonRpcError(JsonRpcError.INVALID_REQUEST, "invalid request: \"jsonrpc\" must be \"2.0\"");
    }
    JsonNode id = node.get("id");
    if (id != null && !id.isString() && !id.isIntegralNumber() && !(id.isNull() && node.has("error"))) {
      return new JsonRpcError(JsonRpcError.INVALID_REQUEST, "invalid request: \"id\" must be a string or an integer");
    }
    JsonNode method = node.get("method");
    if (method != null) {
      if (!method.isString()) return new JsonRpcError(JsonRpcError.INVALID_REQUEST, "invalid request: \"method\" must be a string");
      if (!hasSession && !("initialize".equals(method.asString()) && id != null)) {
        return new JsonRpcError(JsonRpcError.TRANSPORT_ERROR, SessionGate.SESSION_HEADER + " header required for '"
            + clip(method.asString()) + "' (only initialize starts a session)");
      }
      return null;
    }
    if ((node.has("result") || node.has("error")) && id != null) {
      return hasSession ? null : new JsonRpcError(JsonRpcError.TRANSPORT_ERROR, SessionGate.SESSION_HEADER + " header required");
    }
    return new JsonRpcError(JsonRpcError.INVALID_REQUEST, "invalid request: neither a request, a notification nor a response "
        + "(a message has \"method\", or \"id\" with \"result\" or \"error\")");
  }

  /** Whether the Accept header covers {@code type} (exactly, {@code type/*} or {@code *}{@code /*}). */
  static boolean accepts(HttpServletRequest req, String type) {
    return accepts(req.getHeader("Accept"), type);
  }

  /** Whether {@code accept}, an Accept header's value or null, covers {@code type}. */
  static boolean accepts(String accept, String type) {
    if (accept == null) return false;
    for (int start = 0, n = accept.length(); start <= n; ) { // each range
      int comma = accept.indexOf(',', start);
      int end = comma < 0 ? n : comma;
      if (covers(accept, start, end, type, true)) return true;
      start = end + 1;
    }
    return false;
  }

  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE) return true;
    }
    return false;
  }

  private static void refuse(HttpServletRequest req, HttpServletResponse res, int status, String message) throws IOException {
    discardBody(req);
    JsonRpcError.reply(res, status, JsonRpcError.TRANSPORT_ERROR, message);
  }

  /**
   * Reads what is left of a refused request's body and throws it away (bounded by
   * {@link RequestSizeLimit}), so that the connection is not closed on unread bytes, which can
   * reset it before the client has read the refusal.
   */
  private static void discardBody(HttpServletRequest req) {
    try {
      req.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      // past the drain bound or a broken connection: Jetty closes it, nothing more to save
    }
  }

  /** The request with its body, read once, offered again to the SDK. */
  private static final class ReadBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }

  /** {@code s} cut to 80 characters, for quoting what a client sent in a message. */
  static String clip(String s) {
    return s == null || s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }
}
