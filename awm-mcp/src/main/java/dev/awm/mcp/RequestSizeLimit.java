package dev.awm.mcp;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The request size limit, answered so that the client reads the answer. A body past
 * {@code maxBytes} (declared or, when chunked, counted as it arrives) fails its reader with HTTP
 * 413, but only after the rest of the body has been read and thrown away, up to
 * {@link #drainBytes(long)}: a server that closes a connection with unread bytes in its receive
 * buffer makes the kernel reset it, and the reset can destroy the 413 before the client has read
 * it (the client then sees a connection with no response at all). A body declared larger than
 * the drain bound is refused at once, unread; such a client may see the reset.
 */
final class RequestSizeLimit extends Handler.Wrapper {
  private final long maxBytes;
  private final long drainBytes;

  RequestSizeLimit(long maxBytes, Handler next) {
    super(next);
    this.maxBytes = maxBytes;
    this.drainBytes = drainBytes(maxBytes);
  }

  /** How many bytes of an oversized body are read and discarded before the 413: four times the limit, at least 1 MiB. */
  static long drainBytes(long maxBytes) {
    return Math.max(1 << 20, maxBytes > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : maxBytes * 4);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long declared = request.getLength();
    if (declared > drainBytes) {
      Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
      return true;
    }
    return super.handle(declared >= 0 && declared <= maxBytes ? request : new Counted(request), response, callback);
  }

  /** A request whose body is counted as it is read; past the limit, the rest is discarded and the reader gets a 413. */
  private final class Counted extends Request.Wrapper {
    private long seen;
    private Content.Chunk refusal;

    Counted(Request request) {
      super(request);
    }

    @Override
    public Content.Chunk read() {
      if (refusal != null) return refusal;
      while (true) {
        Content.Chunk chunk = super.read();
        if (chunk == null || Content.Chunk.isFailure(chunk)) return chunk;
        seen += chunk.remaining();
        if (seen <= maxBytes) return chunk;
        boolean last = chunk.isLast();
        chunk.release();
        if (last || seen > drainBytes) {
          refusal = Content.Chunk.from(new HttpException.RuntimeException(HttpStatus.PAYLOAD_TOO_LARGE_413), true);
          return refusal;
        }
        // more of the oversized body may be on its way: the reader demands, and the next read() goes on discarding
      }
    }
  }
}
