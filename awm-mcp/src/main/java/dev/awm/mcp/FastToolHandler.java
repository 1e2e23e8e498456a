package dev.awm.mcp;

import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ChunksContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/**
 * The transport's fast path in front of the servlet layer: a Jetty handler that answers a
 * {@code tools/call} or {@code tools/list} of a live session as {@link FastToolCalls} would (same
 * answer, see {@link FastAnswers}), without the servlet request, the filter chain and the servlet
 * response around it.
 *
 * <p>It takes a request only when every check of the servlet path would let it through to the
 * fast path: a POST to the endpoint path (in a server of many, to the endpoint of the session's
 * environment), a supported or absent {@code MCP-Protocol-Version}, an Accept that lists JSON and
 * an event stream, a JSON Content-Type, a declared length within the size limit, a session id of a
 * live session of this server (and node), allowed Origin and Host, and a body that is one
 * JSON-RPC request the fast path answers. Anything else goes on to the servlet chain unchanged: the
 * headers are checked before the body is read, and a request whose body was read and then left is
 * handed on with a body that replays the bytes read.
 *
 * <p>The headers only pick the session out; the request takes it ({@link SessionRegistry#take}: its
 * activity noted, held open) at the point where the servlet path's {@link SessionGate} takes it,
 * once the body is read and passes the checks. A session that ended before that, or after it but
 * before the call reached the session's handle (its client deleted it meanwhile), is not answered
 * here: the request goes on to the servlet chain, whose gate answers 404 as it does without the fast path.
 */
final class FastToolHandler extends Handler.Wrapper {
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

  FastToolHandler(Settings settings, SessionRegistry registry, ResumableStreams streams, ServerHttpHeaderValidator validator, Handler next) {
    super(next);
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
   * What the handler must know of the transport.
   *
   * @param path the endpoint path
   * @param endpointPerEnvironment whether there is an endpoint per environment ({@code path/NAME})
   * @param protocolVersions the supported protocol versions
   * @param nodeId the node id prefixing session ids, or null
   * @param maxRequestBytes the request size limit
   */
  record Settings(String path, boolean endpointPerEnvironment, List<String> protocolVersions, String nodeId, long maxRequestBytes) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    SessionRegistry.Session session = qualifies(request);
    if (session == null) return super.handle(request, response, callback);
    long length = request.getLength();
    byte[] body = new byte[(int) length];
    int n = 0;
    Content.Chunk end = null;
    while (end == null) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        try (Blocker.Runnable blocker = Blocker.runnable()) {
          request.demand(blocker);
          blocker.block();
        }
        continue;
      }
      if (Content.Chunk.isFailure(chunk)) {
        end = chunk;
        break;
      }
      ByteBuffer b = chunk.getByteBuffer();
      int r = b.remaining();
      if (n + r > body.length) body = Arrays.copyOf(body, n + r);
      b.get(body, n, r);
      n += r;
      if (chunk.isLast()) end = Content.Chunk.EOF;
      chunk.release();
    }
    FastAnswers.Call call = end == Content.Chunk.EOF && n == length ? call(new String(body, 0, n, StandardCharsets.UTF_8)) : null;
    if (call != null) {
      SessionRegistry.Session entered = registry.take(session.id); // where the servlet path's SessionGate takes it
      byte[] answer = null;
      try {
        if (entered != null) answer = FastAnswers.answer(entered, call, streams, request.getHeaders().get(StreamableHttpChecks.PROTOCOL_VERSION_HEADER));
        if (answer != null) {
          response.setStatus(200);
          HttpFields.Mutable headers = response.getHeaders();
          headers.put(HttpHeader.CONTENT_TYPE, FastAnswers.CONTENT_TYPE);
          headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
          headers.put("X-Accel-Buffering", "no");
          headers.put(HttpHeader.CONTENT_LENGTH, answer.length);
          answered.increment();
          response.write(true, ByteBuffer.wrap(answer), callback);
        }
      } finally {
        if (entered != null) registry.exit(entered, true);
      }
      if (answer != null) return true;
    }
    List<Content.Chunk> replay = new ArrayList<>(2);
    if (n > 0) replay.add(Content.Chunk.from(ByteBuffer.wrap(body, 0, n), false));
    replay.add(end);
    return super.handle(new Replay(request, new ChunksContentSource(replay)), response, callback);
  }

  /** How many requests this handler answered itself (for tests). */
  long answered() {
    return answered.sum();
  }

  /** The live session of a request whose headers qualify it for the fast path, or null. */
  private SessionRegistry.Session qualifies(Request request) {
    if (!"POST".equals(request.getMethod())) return null;
    long length = request.getLength();
    if (length < 0 || length > maxRequestBytes || length > Integer.MAX_VALUE - 8) return null;
    HttpFields fields = request.getHeaders();
    String version = fields.get(StreamableHttpChecks.PROTOCOL_VERSION_HEADER);
    if (version != null && !protocolVersions.contains(version.trim())) return null;
    String accept = fields.get(HttpHeader.ACCEPT);
    if (!StreamableHttpChecks.accepts(accept, "application/json") || !StreamableHttpChecks.accepts(accept, "text/event-stream")) return null;
    if (!StreamableHttpChecks.isJson(fields.get(HttpHeader.CONTENT_TYPE))) return null;
    String id = fields.get(SessionGate.SESSION_HEADER);
    if (id == null || id.isBlank()) return null;
    if (nodePrefix != null && id.indexOf(NodeSessionIds.SEPARATOR) >= 0) {
      if (!id.startsWith(nodePrefix)) return null;
      id = id.substring(nodePrefix.length());
    }
    SessionRegistry.Session session = registry.session(id);
    if (session == null || session.tools == null || !atEndpoint(request.getHttpURI().getPath(), session)) return null;
    try {
      validator.validate(headers(fields));
    } catch (ServerTransportSecurityException e) {
      return null;
    }
    return session;
  }

  /** Whether {@code uriPath} (as sent) is the endpoint, or in a server of many the endpoint of the session's environment. */
  private boolean atEndpoint(String uriPath, SessionRegistry.Session session) {
    if (uriPath == null || !uriPath.startsWith(path)) return false;
    if (!endpointPerEnvironment) return uriPath.length() == path.length();
    return FastAnswers.namesEnvironment(uriPath.substring(path.length()), session);
  }

  /** The call a body asks for, if it passes the transport's checks and the fast path answers it; else null. */
  private static FastAnswers.Call call(String body) {
    Object parsed = StreamableHttpChecks.parse(body);
    if (!(parsed instanceof JsonNode node) || StreamableHttpChecks.check(node, true) != null) return null;
    return FastAnswers.read(node);
  }

  private static HeaderAccessor headers(HttpFields fields) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return fields.getValuesList(name);
      }

      @Override
      public List<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (HttpField f : fields) if (!names.contains(f.getName())) names.add(f.getName());
        return names;
      }
    };
  }

  /** A request left to the servlet chain after its body was read: the body is the bytes read, replayed. */
  private static final class Replay extends Request.Wrapper {
    private final ChunksContentSource content;

    Replay(Request request, ChunksContentSource content) {
      super(request);
      this.content = content;
    }

    @Override
    public Content.Chunk read() {
      return content.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
      content.demand(demandCallback);
    }

    @Override
    public void fail(Throwable failure) {
      content.fail(failure);
    }
  }
}
