package dev.awm.mcp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
  private final FastGate gate;

  FastToolHandler(FastGate gate, Handler next) {
    super(next);
    this.gate = gate;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpFields fields = request.getHeaders();
    SessionRegistry.Session session = gate.qualifies(request.getMethod(), request.getHttpURI().getPath(), request.getLength(), headers(fields));
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
    FastAnswers.Call call = end == Content.Chunk.EOF && n == length ? FastGate.call(body, 0, n) : null;
    byte[] answer = call == null ? null : gate.answer(session, call, fields.get(StreamableHttpChecks.PROTOCOL_VERSION_HEADER));
    if (answer != null) {
      response.setStatus(200);
      HttpFields.Mutable headers = response.getHeaders();
      headers.put(HttpHeader.CONTENT_TYPE, FastAnswers.CONTENT_TYPE);
      headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
      headers.put("X-Accel-Buffering", "no");
      headers.put(HttpHeader.CONTENT_LENGTH, answer.length);
      response.write(true, ByteBuffer.wrap(answer), callback);
      return true;
    }
    List<Content.Chunk> replay = new ArrayList<>(2);
    if (n > 0) replay.add(Content.Chunk.from(ByteBuffer.wrap(body, 0, n), false));
    replay.add(end);
    return super.handle(new Replay(request, new ChunksContentSource(replay)), response, callback);
  }

  /** How many requests the fast path answered, here or in the server's front loop (for tests). */
  long answered() {
    return gate.answered();
  }

  private static FastGate.Headers headers(HttpFields fields) {
    return new FastGate.Headers() {
      @Override
      public String first(String name) {
        return fields.get(name);
      }

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
