package dev.awm.mcp;

import dev.awm.runtime.internal.RuntimeAccess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the front loop ({@link FrontLoop}), always on the loop's thread. Between
 * requests it reads the next head: a request the fast path answers is answered here; any other is
 * relayed to Jetty over this connection's own upstream connection (opened at its first relayed
 * request, kept for the next), the response relayed back until it ends ({@link ResponseFraming}),
 * and then the next request is read here again. An {@linkplain RequestHead#unusual() unusual} head
 * makes the connection a plain pipe to Jetty until either side closes. Neither side is read while
 * what it sent cannot be written on (backpressure), and a response is written whole before the
 * next request is read.
 */
final class FrontConnection {
  private static final Logger LOG = LoggerFactory.getLogger(FrontConnection.class);
  /** The largest body the front reads itself for the fast path; a larger request is relayed. */
  static final int MAX_FAST_BODY = 64 * 1024;
  /** What the front buffers of a client beyond a request it waits on (pipelined bytes). */
  static final int MAX_BUFFERED = RequestHead.MAX_HEAD_BYTES + MAX_FAST_BODY + 1024;
  private static final byte[] OK_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: " + FastAnswers.CONTENT_TYPE
      + "\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);

  private static final byte[] NONE = new byte[0];

  private enum State { HEAD, CALLING, RELAY, PIPE, CLOSED }

  /** A channel's side of the connection, the attachment of its selection key. */
  record End(FrontConnection connection, boolean client) {
    void ready(SelectionKey key) {
      connection.ready(key, client);
    }
  }

  private final FrontLoop loop;
  private final SocketChannel client;
  private final SelectionKey clientKey;
  /** The connection to Jetty while a request is relayed (or the connection is a pipe), else null. */
  private FrontUpstream upstream;
  private State state = State.HEAD;
  /** Bytes from the client not yet handled: {@code in[inStart, inEnd)}. */
  private byte[] in = NONE;
  private int inStart;
  private int inEnd;
  private ByteBuffer toClient;
  private long requestBodyLeft;
  /** Where the relayed response ends; null while none is relayed. */
  private ResponseFraming framing;
  private boolean closeAfterWrite;
  /** Whether the client closed its side (it sends nothing more). */
  private boolean clientDone;
  private long lastActive = System.nanoTime();
  /** Whether a call of this connection runs on a loop thread (which the loop may have left, see {@link FrontLoop#STALL_MILLIS}). */
  private volatile boolean onLoopCall;

  FrontConnection(FrontLoop loop, SocketChannel client) throws IOException {
    this.loop = loop;
    this.client = client;
    this.clientKey = client.register(loop.selector(), SelectionKey.OP_READ, new End(this, true));
  }

  private void ready(SelectionKey key, boolean fromClient) {
    if (onLoopCall) { // a call that outlived the loop's patience still runs on the old loop thread: wait for it
      key.interestOps(0);
      return;
    }
    try {
      if (fromClient) {
        if (key.isValid() && key.isWritable()) writeClient();
        if (key.isValid() && key.isReadable()) readClient();
      } else if (key.isConnectable()) {
        if (upstream.finishConnect()) writeUpstream();
      } else {
        if (key.isValid() && key.isWritable()) writeUpstream();
        if (key.isValid() && key.isReadable() && upstream != null) readUpstream();
      }
      if (state != State.CLOSED) advance();
    } catch (IOException | RuntimeException e) {
      LOG.debug("front connection: {}", e.toString());
      close();
    }
  }

  private void readClient() throws IOException {
    if (inStart == inEnd) { // nothing pending: read into the loop's buffer (see compact)
      in = loop.clientBuffer();
      inStart = inEnd = 0;
    } else if (inEnd == in.length) {
      if (inStart > 0) {
        System.arraycopy(in, inStart, in, 0, inEnd - inStart);
        inEnd -= inStart;
        inStart = 0;
      } else {
        in = Arrays.copyOf(in, Math.min(MAX_BUFFERED, Math.max(2048, in.length * 2)));
      }
      if (inEnd == in.length) return; // full: handled first
    }
    int n = client.read(ByteBuffer.wrap(in, inEnd, in.length - inEnd));
    if (n < 0) {
      // the client sent all it will: the requests it sent whole still get their answers (a pipe passes the end on)
      clientDone = true;
      // in HEAD, once what it sent is answered, advance() closes; a body cut short ends the connection now
      if (state == State.PIPE) endPipedRequests();
      else if (state == State.RELAY && requestBodyLeft > 0) close();
      return;
    }
    inEnd += n;
    lastActive = System.nanoTime();
  }

  /**
   * Drops the handled bytes. Reads land in the loop's buffer, which every connection shares (one
   * thread): an idle connection keeps no buffer of its own, and one with bytes pending (a request
   * still coming, pipelined ones) copies them into its own before another connection reads.
   */
  private void compact() {
    if (inStart == inEnd) {
      inStart = inEnd = 0;
      in = NONE;
    } else if (in == loop.clientBuffer()) {
      int n = inEnd - inStart;
      in = Arrays.copyOfRange(in, inStart, inEnd);
      inStart = 0;
      inEnd = n;
    }
  }

  /** Moves the connection on as far as it can go now, then sets what to wait for. */
  private void advance() throws IOException {
    boolean moved = true;
    while (moved && state != State.CLOSED) {
      moved = switch (state) {
        case HEAD -> nextRequest();
        case RELAY -> relayRequestBody();
        case PIPE -> pipeToUpstream();
        default -> false;
      };
    }
    // a client that sent all it will, all of it answered (what is left cannot become a request): done
    if (state == State.HEAD && clientDone && toClient == null) close();
    if (state != State.CLOSED) {
      compact();
      interest();
    }
  }

  /** In state HEAD: reads the next request, answers or relays it; whether it moved. */
  private boolean nextRequest() throws IOException {
    if (toClient != null || inStart == inEnd || closeAfterWrite) return false;
    RequestHead head = RequestHead.parse(in, inStart, inEnd);
    if (head == null) return false;
    if (head.unusual() != null) {
      LOG.debug("front: {} in a request head; the connection goes to Jetty as it is", head.unusual());
      state = State.PIPE;
      openUpstream();
      return true;
    }
    long body = head.bodyLength();
    SessionRegistry.Session session = body <= MAX_FAST_BODY && loop.gate != null
        ? loop.gate.qualifies(head.method(), head.path(), head.contentLength(), head) : null;
    if (session != null) {
      if (inEnd - inStart < head.length() + body) return false; // the body is still coming
      FastAnswers.Call call = FastGate.call(in, inStart + head.length(), (int) body);
      if (call != null) {
        if (call.tool() == null || RuntimeAccess.door().runsOnCaller(session.environment, call.tool())) {
          compact(); // the request's bytes stay this connection's while the call waits and runs
          state = State.CALLING;
          loop.queue(new FrontLoop.Queued(this, session, call, head));
          return false;
        } else {
          compact();
          state = State.CALLING;
          loop.executor.execute(() -> {
            byte[] answer = answer(session, call, head, false);
            loop.submit(() -> called(head, answer));
          });
          return false;
        }
      }
    }
    relay(head);
    return true;
  }

  /**
   * The fast path's answer, or null to relay the request: its session ended meanwhile, the call
   * failed, or ({@code onLoop}) another request of the session is in flight, which may hold the
   * session's handle for as long as it takes (a reset, a reward, a call on a worker): Jetty's
   * threads wait for it, not the loop.
   */
  private byte[] answer(SessionRegistry.Session session, FastAnswers.Call call, RequestHead head, boolean onLoop) {
    try {
      return loop.gate.answer(session, call, head.first(StreamableHttpChecks.PROTOCOL_VERSION_HEADER), onLoop);
    } catch (RuntimeException e) {
      LOG.debug("fast path: {}; Jetty answers the request", e.toString());
      return null;
    }
  }

  /**
   * Runs a call the loop queued ({@link FrontLoop#queue}) on the loop's thread: its answer, or null
   * to relay the request. While it runs, a loop thread that took over (see
   * {@link FrontLoop#STALL_MILLIS}) leaves this connection alone.
   */
  byte[] callOnLoop(FrontLoop.Queued q) {
    if (state != State.CALLING) return null; // closed meanwhile
    onLoopCall = true;
    return answer(q.session(), q.call(), q.head(), true);
  }

  /** The call {@link #callOnLoop} ran ended on the loop's thread. */
  void callEnded() {
    onLoopCall = false;
  }

  /** After {@link #callOnLoop}, on the thread that serves the loop now: the answer goes out (or the request to Jetty). */
  void calledOnLoop(RequestHead head, byte[] answer) {
    onLoopCall = false;
    called(head, answer);
  }

  /** Back on the loop after a call ran on a worker or in the loop's call stage. */
  private void called(RequestHead head, byte[] answer) {
    if (state != State.CALLING) return; // closed meanwhile
    state = State.HEAD;
    try {
      if (answer != null) answered(head, answer);
      else relay(head);
      advance();
    } catch (IOException | RuntimeException e) {
      LOG.debug("front connection: {}", e.toString());
      close();
    }
  }

  /** Writes the fast path's answer to the request at the start of the buffer, and drops the request. */
  private void answered(RequestHead head, byte[] answer) throws IOException {
    inStart += head.length() + (int) head.bodyLength();
    byte[] length = Integer.toString(answer.length).getBytes(StandardCharsets.US_ASCII);
    byte[] date = loop.dateLine();
    ByteBuffer out = ByteBuffer.allocate(OK_HEAD.length + length.length + 2 + date.length + (head.close() ? 19 : 0) + 2 + answer.length);
    out.put(OK_HEAD).put(length).put((byte) '\r').put((byte) '\n').put(date);
    if (head.close()) out.put("Connection: close\r\n".getBytes(StandardCharsets.US_ASCII));
    out.put((byte) '\r').put((byte) '\n').put(answer).flip();
    closeAfterWrite = head.close();
    loop.countAnswered();
    toClient = out;
    writeClient();
  }

  /** Starts relaying the request at the start of the buffer to Jetty. */
  private void relay(RequestHead head) throws IOException {
    openUpstream();
    state = State.RELAY;
    framing = new ResponseFraming();
    framing.start("HEAD".equals(head.method()));
    int now = (int) Math.min(head.length() + head.bodyLength(), inEnd - inStart);
    requestBodyLeft = head.length() + head.bodyLength() - now;
    upstream.send(in, inStart, inStart + now);
    inStart += now;
  }

  /** In state RELAY: forwards what arrived of the request's body; whether the exchange ended (back to HEAD). */
  private boolean relayRequestBody() throws IOException {
    if (requestBodyLeft > 0 && upstream.sent() && inStart < inEnd) {
      int n = (int) Math.min(requestBodyLeft, inEnd - inStart);
      upstream.send(in, inStart, inStart + n);
      inStart += n;
      requestBodyLeft -= n;
    }
    if (framing.done() && requestBodyLeft == 0 && upstream.sent()) {
      state = State.HEAD;
      if (framing.closeAfter()) closeAfterWrite = true;
      framing = null;
      // the upstream connection is not kept between requests: an idle session holds nothing in Jetty
      closeUpstream();
      if (closeAfterWrite && toClient == null) close();
      return true;
    }
    return false;
  }

  /** In state PIPE: forwards whatever the client sent. */
  private boolean pipeToUpstream() throws IOException {
    if (upstream.sent() && inStart < inEnd) {
      upstream.send(in, inStart, inEnd);
      inStart = inEnd;
      endPipedRequests();
    }
    return false;
  }

  private void openUpstream() throws IOException {
    if (upstream == null) upstream = FrontUpstream.open(loop, new End(this, false));
  }

  private void readUpstream() throws IOException {
    if (toClient != null) return; // read once the client took what came before
    ByteBuffer fromUpstream = loop.readBuffer();
    fromUpstream.clear();
    int n = upstream.read(fromUpstream);
    if (n < 0) {
      upstreamClosed();
      return;
    }
    if (n == 0) return;
    byte[] b = fromUpstream.array();
    if (state == State.RELAY) {
      int taken = framing.consume(b, 0, n);
      if (taken < n) throw new IllegalStateException("Jetty sent " + (n - taken) + " bytes after its response");
    } else if (state != State.PIPE) {
      throw new IllegalStateException("Jetty sent " + n + " bytes while no request was relayed");
    }
    fromUpstream.flip();
    client.write(fromUpstream);
    lastActive = System.nanoTime();
    // what the client cannot take yet waits in a copy (the loop's buffer is every connection's)
    if (fromUpstream.hasRemaining()) toClient = ByteBuffer.wrap(Arrays.copyOfRange(b, fromUpstream.position(), n));
  }

  private void closeUpstream() throws IOException {
    if (upstream == null) return;
    FrontUpstream closing = upstream;
    upstream = null;
    closing.close();
  }

  /** Jetty closed this connection's upstream connection. */
  private void upstreamClosed() throws IOException {
    closeUpstream();
    if (state == State.HEAD) return; // idle: the next relayed request opens another
    // a pipe, a body read until close, or a response cut short: the client's connection ends with it
    closeAfterWrite = true;
    state = State.HEAD;
    if (toClient == null) close();
  }

  private void writeClient() throws IOException {
    if (toClient == null) return;
    client.write(toClient);
    lastActive = System.nanoTime();
    if (toClient.hasRemaining()) return;
    toClient = null;
    if (closeAfterWrite && (state == State.HEAD || state == State.CLOSED)) close();
  }

  private void writeUpstream() throws IOException {
    if (upstream == null) return;
    upstream.write();
    if (state == State.PIPE) endPipedRequests();
  }

  /** In a pipe whose client closed its side: once all it sent reached Jetty, Jetty is told the same. */
  private void endPipedRequests() throws IOException {
    if (clientDone && inStart == inEnd && upstream != null) upstream.endWhenSent();
  }

  /** What each side waits for: nothing is read from a side whose bytes cannot be passed on yet. */
  private void interest() {
    boolean roomIn = inEnd - inStart < MAX_BUFFERED;
    int c = 0;
    if (toClient != null) c |= SelectionKey.OP_WRITE;
    boolean readClient = !clientDone && roomIn && switch (state) {
      case HEAD -> toClient == null && !closeAfterWrite;
      case RELAY, CALLING -> true; // pipelined bytes wait in the buffer; an early close is seen
      case PIPE -> upstream == null || upstream.sent();
      default -> false;
    };
    if (readClient) c |= SelectionKey.OP_READ;
    if (clientKey.isValid() && clientKey.interestOps() != c) clientKey.interestOps(c);
    if (upstream != null) upstream.interest(toClient == null); // read while idle too: Jetty closing it is seen
  }

  /** Closes a connection idle between requests for longer than the idle timeout. */
  void sweep(long now) {
    if (state == State.HEAD && toClient == null && now - lastActive > loop.idleNanos) close();
  }

  void close() {
    if (state == State.CLOSED) return;
    state = State.CLOSED;
    clientKey.cancel();
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing a client connection: {}", e.toString());
    }
    try {
      closeUpstream();
    } catch (IOException e) {
      LOG.debug("closing an upstream connection: {}", e.toString());
    }
  }
}
