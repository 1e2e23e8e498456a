package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ResponseFraming} finds where a response of Jetty's ends: by its length, its chunks (with
 * extensions and trailers), for a HEAD request or a 204 or 304 at its head, after an interim 1xx,
 * or at the close; whatever the pieces the bytes arrive in, and without taking a byte of what follows.
 */
class ResponseFramingTest {
  private static final String NEXT = "HTTP/1.1 200 OK\r\n";

  /** Feeds {@code response + NEXT} to a new framing in pieces of {@code step} bytes; how many bytes it took. */
  static int taken(String response, boolean headRequest, int step) {
    ResponseFraming f = new ResponseFraming();
    f.start(headRequest);
    byte[] b = (response + NEXT).getBytes(StandardCharsets.ISO_8859_1);
    int total = 0;
    for (int i = 0; i < b.length && !f.done(); i += step) {
      int len = Math.min(step, b.length - i);
      int n = f.consume(b, i, len);
      total += n;
      if (n < len) {
        assertThat(f.done()).isTrue();
        break;
      }
    }
    assertThat(f.done()).as("ended: %s", response).isTrue();
    return total;
  }

  static void endsAtItsEnd(String response, boolean headRequest) {
    for (int step : new int[] {1, 2, 3, 7, 1000}) {
      assertThat(taken(response, headRequest, step)).as("in pieces of %d: %s", step, response).isEqualTo(response.length());
    }
  }

  @Test
  void endsByLengthOrChunks() {
    endsAtItsEnd("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDate: x\r\n\r\nhello", false);
    endsAtItsEnd("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n", false);
    endsAtItsEnd("HTTP/1.1 200 OK\r\ncontent-length:  3 \r\n\r\nabc", false);
    endsAtItsEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n", false);
    endsAtItsEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n", false);
    endsAtItsEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false);
    // chunk data that looks like the end of the chunks is data
    endsAtItsEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n0\r\n\r\n\r\n0\r\n\r\n", false);
  }

  @Test
  void headRequestsAndNoContentHaveNoBody() {
    endsAtItsEnd("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", true);
    endsAtItsEnd("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true);
    endsAtItsEnd("HTTP/1.1 204 No Content\r\n\r\n", false);
    endsAtItsEnd("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false);
  }

  @Test
  void anInterimAnswerIsFollowedByTheResponse() {
    endsAtItsEnd("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
    endsAtItsEnd("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", false);
    ResponseFraming f = new ResponseFraming();
    f.start(false);
    byte[] upgrade = "HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> f.consume(upgrade, 0, upgrade.length)).isInstanceOf(IllegalStateException.class).hasMessageContaining("upgrade");
  }

  @Test
  void withoutLengthOrChunksItEndsAtTheClose() {
    ResponseFraming f = new ResponseFraming();
    f.start(false);
    byte[] b = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nbody and more".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(f.consume(b, 0, b.length)).isEqualTo(b.length);
    assertThat(f.done()).isFalse();
    assertThat(f.untilClose()).isTrue();
    assertThat(f.closeAfter()).isTrue();
    assertThat(f.consume(b, 0, 5)).isEqualTo(5);
  }

  @Test
  void seesConnectionCloseAndStartsAfreshForTheNextResponse() {
    ResponseFraming f = new ResponseFraming();
    f.start(false);
    byte[] b = "HTTP/1.1 400 Bad Request\r\nConnection: keep-alive, close\r\nContent-Length: 1\r\n\r\nx".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(f.consume(b, 0, b.length)).isEqualTo(b.length);
    assertThat(f.done()).isTrue();
    assertThat(f.closeAfter()).isTrue();
    f.start(false);
    assertThat(f.done()).isFalse();
    assertThat(f.closeAfter()).isFalse();
    byte[] c = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(f.consume(c, 0, c.length)).isEqualTo(c.length);
    assertThat(f.done()).isTrue();
    assertThat(f.closeAfter()).isFalse();
  }

  @Test
  void refusesWhatItCannotRead() {
    for (String bad : new String[] {"HTTP/1.0 200 OK\r\n\r\n", "SSH-2.0\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
      ResponseFraming f = new ResponseFraming();
      f.start(false);
      byte[] b = bad.getBytes(StandardCharsets.ISO_8859_1);
      assertThatThrownBy(() -> f.consume(b, 0, b.length)).as(bad).isInstanceOf(RuntimeException.class);
    }
    ResponseFraming f = new ResponseFraming();
    f.start(false);
    byte[] endless = ("HTTP/1.1 200 OK\r\nX: " + "x".repeat(70 * 1024)).getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> f.consume(endless, 0, endless.length)).isInstanceOf(IllegalStateException.class).hasMessageContaining("longer than");
  }
}
