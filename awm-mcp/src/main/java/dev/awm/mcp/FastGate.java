package dev.awm.mcp;

import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;

/**
 * Which requests the transport's fast path answers, and the answer, for both of its fronts: the
 * event loop that owns the server's port ({@link FrontLoop}) and the Jetty handler behind it
 * ({@link FastToolHandler}). A request qualifies only when every check of the servlet path would
 * let it through to the fast path: a POST to the endpoint path (in a server of many, to the
 * endpoint of the session's environment), a supported or absent {@code MCP-Protocol-Version}, an
 * Accept that lists JSON and an event stream, a JSON Content-Type, a declared length within the size
 * limit, a session id of a live session of this server (and node), allowed Origin and Host, and a
 * body that is one JSON-RPC request the fast path answers ({@link FastAnswers#read}).
 */
final class FastGate {
  private final SessionRegistry registry;
  private final ResumableStreams streams;
  private final ServerHttpHeaderValidator validator;
  private final List<String> protocolVersions;
  private final String path;
  private final boolean endpointPerEnvironment;
  /** The node's session id prefix ({@code NODE.}), or null when the server has no node id. */
  private final String nodePrefix;
  private final long maxRequestBytes;
  private final LongAdder answered = new LongAdder();

  FastGate(Settings settings, SessionRegistry registry, ResumableStreams streams, ServerHttpHeaderValidator validator) {
    this.registry = registry;
    this.streams = streams;
    this.validator = validator;
    this.protocolVersions = List.copyOf(settings.protocolVersions());
    this.path = settings.path();
    this.endpointPerEnvironment = settings.endpointPerEnvironment();
    this.nodePrefix = settings.nodeId() == null ? null : settings.nodeId() + NodeSessionIds.SEPARATOR;
    this.maxRequestBytes = settings.maxRequestBytes();
  }

  /**
   * What the gate must know of the transport.
   *
   * @param path the endpoint path
   * @param endpointPerEnvironment whether there is an endpoint per environment ({@code path/NAME})
   * @param protocolVersions the supported protocol versions
   * @param nodeId the node id prefixing session ids, or null
   * @param maxRequestBytes the request size limit
   */
  record Settings(String path, boolean endpointPerEnvironment, List<String> protocolVersions, String nodeId, long maxRequestBytes) {}

  /** A request's headers as a front reads them: the first value of a header, every value, the names. */
  interface Headers extends HeaderAccessor {
    /** The first value of header {@code name} (any case), or null. */
    String first(String name);
  }

  /**
   * The live session of a request whose head qualifies it for the fast path, or null.
   *
   * @param method the request method
   * @param uriPath the request's path as sent (no query)
   * @param length the declared body length, -1 when none is declared
   */
  SessionRegistry.Session qualifies(String method, String uriPath, long length, Headers headers) {
    if (!"POST".equals(method)) return null;
    if (length < 0 || length > maxRequestBytes || length > Integer.MAX_VALUE - 8) return null;
    String version = headers.first(StreamableHttpChecks.PROTOCOL_VERSION_HEADER);
    if (version != null && !protocolVersions.contains(version.trim())) return null;
    String accept = headers.first("Accept");
    if (!StreamableHttpChecks.accepts(accept, "application/json") || !StreamableHttpChecks.accepts(accept, "text/event-stream")) return null;
    if (!StreamableHttpChecks.isJson(headers.first("Content-Type"))) return null;
    String id = headers.first(SessionGate.SESSION_HEADER);
    if (id == null || id.isBlank()) return null;
    if (nodePrefix != null && id.indexOf(NodeSessionIds.SEPARATOR) >= 0) {
      if (!id.startsWith(nodePrefix)) return null;
      id = id.substring(nodePrefix.length());
    }
    SessionRegistry.Session session = registry.session(id);
    if (session == null || session.tools == null || !atEndpoint(uriPath, session)) return null;
    try {
      validator.validate(headers);
    } catch (ServerTransportSecurityException e) {
      return null;
    }
    return session;
  }

  /** The call a body asks for, if it passes the transport's checks and the fast path answers it; else null. */
  static FastAnswers.Call call(byte[] body, int offset, int length) {
    Object parsed = StreamableHttpChecks.parse(new String(body, offset, length, StandardCharsets.UTF_8));
    if (!(parsed instanceof JsonNode node) || StreamableHttpChecks.check(node, true) != null) return null;
    return FastAnswers.read(node);
  }

  /**
   * Answers {@code call} in {@code session} (chosen by {@link #qualifies}): takes the session where
   * the servlet path's {@link SessionGate} takes it, calls, and lets it go. Null when the session
   * ended meanwhile: the caller hands the request on to the servlet path, which answers 404.
   */
  byte[] answer(SessionRegistry.Session session, FastAnswers.Call call, String protocolVersion) {
    return answer(session, call, protocolVersion, false);
  }

  /** As {@link #answer(SessionRegistry.Session, FastAnswers.Call, String)}; {@code alone}: null too when another request of the session is in flight. */
  byte[] answer(SessionRegistry.Session session, FastAnswers.Call call, String protocolVersion, boolean alone) {
    SessionRegistry.Session entered = registry.take(session.id);
    if (entered == null) return null;
    try {
      if (alone && !entered.alone()) return null;
      byte[] answer = FastAnswers.answer(entered, call, streams, protocolVersion);
      if (answer != null) answered.increment();
      return answer;
    } finally {
      registry.exit(entered, true);
    }
  }

  /** How many requests the fast path answered (for tests). */
  long answered() {
    return answered.sum();
  }

  /** Whether {@code uriPath} (as sent) is the endpoint, or in a server of many the endpoint of the session's environment. */
  private boolean atEndpoint(String uriPath, SessionRegistry.Session session) {
    if (uriPath == null || !uriPath.startsWith(path)) return false;
    if (!endpointPerEnvironment) return uriPath.length() == path.length();
    return FastAnswers.namesEnvironment(uriPath.substring(path.length()), session);
  }
}
