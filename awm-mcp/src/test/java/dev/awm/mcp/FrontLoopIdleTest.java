package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The front loop's idle sweep: a connection that waits between requests (or sent half a head and
 * stopped) longer than the idle timeout is closed; one whose relayed request is still waiting for
 * its response (an event stream, a slow answer) is not: that wait is Jetty's to time out.
 */
class FrontLoopIdleTest {
  private static final long IDLE_MILLIS = 300;

  @Test
  void closesConnectionsIdleBetweenRequestsAndKeepsOnesWaitingForAResponse() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    // an upstream that accepts and never answers: a relayed request waits on it for as long as the test likes
    try (ServerSocket upstream = new ServerSocket(0, 50, loopback);
        FrontLoop loop = new FrontLoop("idle-test", new InetSocketAddress(loopback, 0), new InetSocketAddress(loopback, upstream.getLocalPort()),
            null, Executors.newCachedThreadPool(), IDLE_MILLIS)) {
      loop.start();
      try (Socket silent = connect(loop); Socket halfHead = connect(loop); Socket waiting = connect(loop)) {
        halfHead.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: lo".getBytes(StandardCharsets.US_ASCII));
        OutputStream out = waiting.getOutputStream();
        out.write("GET /mcp HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try (Socket relayed = upstream.accept()) {
          // the request reached the upstream whole
          relayed.setSoTimeout(20_000);
          byte[] head = new byte[64];
          int n = relayed.getInputStream().read(head);
          assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).startsWith("GET /mcp HTTP/1.1");
          // the two idle ones are closed by the sweep (read returns -1 well within the hang guard)
          assertThat(endOfStream(silent)).as("a connection that never sent a byte").isTrue();
          assertThat(endOfStream(halfHead)).as("a connection that stopped in its head").isTrue();
          // the one waiting for its response is still open, several idle timeouts later
          waiting.setSoTimeout((int) (IDLE_MILLIS * 10));
          assertThat(timesOut(waiting.getInputStream())).as("still open while its response is awaited").isTrue();
          // and what the upstream answers still reaches it
          relayed.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
          relayed.getOutputStream().flush();
          waiting.setSoTimeout(20_000);
          byte[] answer = waiting.getInputStream().readNBytes(40);
          assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
        }
      }
    }
  }

  private static Socket connect(FrontLoop loop) throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), loop.port()), 20_000);
    return s;
  }

  /** Whether the server closed {@code s} (the hang guard, 20 s, is far beyond the idle timeout). */
  private static boolean endOfStream(Socket s) throws Exception {
    s.setSoTimeout(20_000);
    return s.getInputStream().read() == -1;
  }

  private static boolean timesOut(InputStream in) throws Exception {
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    }
  }
}
