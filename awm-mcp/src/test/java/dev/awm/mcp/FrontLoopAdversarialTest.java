package dev.awm.mcp;

import static dev.awm.mcp.RawSocket.ping;
import static dev.awm.mcp.RawSocket.toolCall;
import static dev.awm.mcp.RawSocket.toolsList;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The front loop ({@link FrontLoop}) against clients that try to make it and Jetty disagree on
 * where a request ends, send too much, hold a stream open or go away halfway: a request head the
 * loop does not read without doubt gets Jetty's answers only (the same as Jetty gives the same
 * bytes on its own port), a body over the limit gets Jetty's 413, and a client that leaves breaks
 * nothing for the others and leaves no connection behind.
 */
class FrontLoopAdversarialTest {
  static McpEnvironmentServer server;
  static URI url;
  static String session;

  @BeforeAll
  static void start() throws IOException {
    server = McpEnvironmentServer.builder(Mcp.shop()).maxRequestBytes(64 << 10).build().start();
    url = server.url();
    try (RawSocket c = new RawSocket(url)) {
      session = c.initialize();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static int jettyPort() {
    return jettyPort(server);
  }

  static int jettyPort(McpEnvironmentServer server) {
    for (var c : server.running().front().jetty().getConnectors()) if (c instanceof ServerConnector s) return s.getLocalPort();
    throw new AssertionError("no TCP connector");
  }

  /** How many connections Jetty holds (the front's upstream connections). */
  static int jettyConnections() {
    for (var c : server.running().front().jetty().getConnectors()) if (c instanceof ServerConnector s) return s.getConnectedEndPoints().size();
    throw new AssertionError("no TCP connector");
  }

  /** Writes {@code bytes} on a new connection to {@code port}, ends the requests there, and reads every response until the close. */
  static List<RawSocket.Response> all(int port, String bytes) throws IOException {
    try (RawSocket c = new RawSocket(url, port)) {
      c.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      c.shutdownOutput();
      List<RawSocket.Response> out = new ArrayList<>();
      for (RawSocket.Response r : c.readAll()) if (r.status() >= 200) out.add(r); // an interim 100 is Jetty's to send or not
      return out;
    }
  }

  /** What is compared between the front's answers and Jetty's own: status and JSON-RPC message (event ids differ). */
  static List<String> seen(List<RawSocket.Response> responses) {
    List<String> out = new ArrayList<>();
    for (RawSocket.Response r : responses) {
      String body = r.body().isEmpty() ? "" : r.body().startsWith("{") || r.body().contains("data:") ? r.message().toString() : r.body();
      out.add(r.status() + " " + body);
    }
    return out;
  }

  /** Sends {@code bytes} through the front and to Jetty's own port: the same answers, none of them the loop's; the front's answers. */
  static List<RawSocket.Response> onlyJettyAnswers(String bytes) throws IOException {
    return onlyJettyAnswers(server, bytes);
  }

  static List<RawSocket.Response> onlyJettyAnswers(McpEnvironmentServer server, String bytes) throws IOException {
    long before = server.running().frontLoop().answered();
    List<RawSocket.Response> viaFront = all(server.url().getPort(), bytes);
    assertThat(server.running().frontLoop().answered()).as("the loop answered none of it").isEqualTo(before);
    List<RawSocket.Response> viaJetty = all(jettyPort(server), bytes);
    assertThat(seen(viaFront)).as("the front's answers are Jetty's own").isEqualTo(seen(viaJetty));
    return viaFront;
  }

  static String head(String lines, long contentLength) {
    return "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nAccept: " + RawHttp.ACCEPT
        + "\r\nContent-Type: application/json\r\nMcp-Session-Id: " + session + "\r\n" + lines
        + (contentLength < 0 ? "" : "Content-Length: " + contentLength + "\r\n") + "\r\n";
  }

  static String call(int id) {
    return toolCall(id, "get_product", "{\"product_id\":3}");
  }

  static String chunked(String body) {
    return Integer.toHexString(body.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  @Test
  void aRequestHiddenBehindConflictingFramingIsNeverAnsweredByTheLoop() throws Exception {
    String hidden = RawSocket.post(url, session, call(2), "");
    // Content-Length and chunked: a reader of the length sees one request, a reader of the chunks sees two
    String smuggled = "0\r\n\r\n" + hidden;
    List<RawSocket.Response> clTe = onlyJettyAnswers(head("Transfer-Encoding: chunked\r\n", smuggled.length()) + smuggled);
    assertThat(clTe).extracting(RawSocket.Response::status).containsExactly(400);
    // the same with the headers the other way round and the length short
    List<RawSocket.Response> teCl = onlyJettyAnswers(head("", 4)
        .replace("Content-Length: 4\r\n", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n")
        + chunked(call(1)) + hidden);
    assertThat(teCl).extracting(RawSocket.Response::status).containsExactly(400);

    // two lengths: which one counts is exactly what must not be guessed
    String body = call(1);
    List<RawSocket.Response> twoLengths = onlyJettyAnswers(head("Content-Length: 5\r\n", body.length()) + body + hidden);
    assertThat(twoLengths).extracting(RawSocket.Response::status).containsExactly(400);
    List<RawSocket.Response> sameTwice = onlyJettyAnswers(head("Content-Length: " + body.length() + "\r\n", body.length()) + body);
    assertThat(sameTwice).extracting(RawSocket.Response::status).allMatch(s -> s == 200 || s == 400);

    // a head whose lines end in a bare LF: Jetty takes it (and the request after it), the loop does not read it
    assertThat(onlyJettyAnswers((head("", body.length()) + body).replace("\r\n", "\n").replace("\n{", "\r\n{") + hidden))
        .extracting(RawSocket.Response::status).containsExactly(200, 200);
    assertThat(onlyJettyAnswers(head("X-Odd: a\nContent-Length: 999\r\n", body.length()) + body + hidden))
        .extracting(RawSocket.Response::status).containsExactly(400);
    // an obsolete line folding, a lone CR, a control character, a space before the colon: refused
    for (String odd : List.of("X-Folded: a\r\n b\r\n", "X-Odd: a\rb\r\n", "X-Odd: a\u0001b\r\n")) {
      assertThat(onlyJettyAnswers(head(odd, body.length()) + body + hidden)).extracting(RawSocket.Response::status).containsExactly(400);
    }
    assertThat(onlyJettyAnswers(head("Content-Length : " + body.length() + "\r\n", -1) + body + hidden))
        .extracting(RawSocket.Response::status).containsExactly(400);
    // HTTP/1.0 (Jetty closes after it), a head over 16 KiB (Jetty's limit is 8 KiB)
    assertThat(onlyJettyAnswers((head("", body.length()) + body).replaceFirst("HTTP/1.1", "HTTP/1.0") + hidden))
        .extracting(RawSocket.Response::status).containsExactly(200);
    assertThat(onlyJettyAnswers(head("X-Big: " + "b".repeat(17 * 1024) + "\r\n", body.length()) + body + hidden))
        .extracting(RawSocket.Response::status).containsExactly(431);
    // what asks for more than a plain exchange: Jetty answers both requests
    for (String ask : List.of("Expect: 100-continue\r\n", "Connection: Upgrade\r\nUpgrade: h2c\r\n")) {
      assertThat(onlyJettyAnswers(head(ask, body.length()) + body + hidden)).extracting(RawSocket.Response::status).containsExactly(200, 200);
    }
  }

  @Test
  void aClientThatEndsItsSideAfterItsRequestsGetsEveryAnswer() throws Exception {
    String requests = RawSocket.post(url, session, call(1), "") + RawSocket.post(url, session, ping(2), "")
        + RawSocket.post(url, session, call(3), "") + RawSocket.post(url, session, toolsList(4), "");
    long before = server.running().frontLoop().answered();
    List<RawSocket.Response> viaFront = all(url.getPort(), requests);
    assertThat(viaFront).extracting(RawSocket.Response::id).containsExactly(1L, 2L, 3L, 4L);
    assertThat(server.running().frontLoop().answered()).isEqualTo(before + 3);
    assertThat(seen(viaFront)).isEqualTo(seen(all(jettyPort(), requests)));
    // a head of bare LFs and nothing after it: Jetty's to answer, not a head the loop waits on for its CRLFs
    String body = call(5);
    assertThat(onlyJettyAnswers((head("", body.length()) + body).replace("\r\n", "\n"))).extracting(RawSocket.Response::status)
        .containsExactly(200);
  }

  @Test
  void aRequestWithoutExactlyOnePlainHostIsJettysToRefuse() throws Exception {
    // any Host allowed (as when bound to a public address): then the validator does not refuse these, Jetty's parser does
    try (McpEnvironmentServer open = McpEnvironmentServer.builder(Mcp.shop()).allowedHosts(List.of()).build().start()) {
      String own;
      try (RawSocket c = new RawSocket(open.url())) {
        own = c.initialize();
      }
      String plain = RawSocket.post(open.url(), own, call(1), "");
      String host = "Host: " + open.url().getAuthority() + "\r\n";
      for (String odd : List.of("", host + host, host + "Host: evil.example\r\n", "Host: \r\n", "Host: bad host\r\n", "Host: a:b\r\n",
          "Host: a:\r\n", "Host: a:123456\r\n", "Host: a:65536\r\n", "Host: [::1\r\n", "Host: a@b\r\n")) {
        assertThat(onlyJettyAnswers(open, plain.replace(host, odd))).as(odd).extracting(RawSocket.Response::status).containsExactly(400);
      }
      for (String fine : List.of("Host: localhost\r\n", "Host: 127.0.0.1\r\n", "Host: [::1]:8080\r\n", "Host: mcp.example.com:443\r\n")) {
        long before = open.running().frontLoop().answered();
        assertThat(all(open.url().getPort(), plain.replace(host, fine))).as(fine).extracting(RawSocket.Response::status).containsExactly(200);
        assertThat(open.running().frontLoop().answered()).as(fine).isEqualTo(before + 1);
      }
    }
  }

  @Test
  void aChunkedCallIsJettysAndGetsTheFastPathsMessage() throws Exception {
    long before = server.running().frontLoop().answered();
    try (RawSocket c = new RawSocket(url)) {
      RawSocket.Response fast = c.exchange(c.post(session, call(7)));
      assertThat(server.running().frontLoop().answered()).isEqualTo(before + 1);
      // from here on the connection is Jetty's: its answers, none of the loop's
      c.write(head("Transfer-Encoding: chunked\r\n", -1) + chunked(call(7)));
      RawSocket.Response chunked = c.read();
      assertThat(chunked.status()).isEqualTo(200);
      assertThat(chunked.header("Content-Type")).startsWith("text/event-stream");
      assertThat(chunked.message()).isEqualTo(fast.message());
      RawSocket.Response next = c.exchange(c.post(session, call(8)));
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.resultText()).isEqualTo(fast.resultText());
      assertThat(c.exchange(c.post(session, ping(9))).id()).isEqualTo(9);
      assertThat(server.running().frontLoop().answered()).as("the piped connection's calls were Jetty's").isEqualTo(before + 1);
    }
  }

  @Test
  void aBodyOverTheLimitGetsJettys413() throws Exception {
    String big = toolCall(3, "search_products", "{\"query\":\"" + "x".repeat(100_000) + "\"}");
    long before = server.running().frontLoop().answered();
    try (RawSocket c = new RawSocket(url)) {
      RawSocket.Response r = c.exchange(c.post(session, big));
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.header("Content-Type")).startsWith("application/json");
      assertThat(r.message()).containsEntry("jsonrpc", "2.0").containsKey("error");
      assertThat(r.body()).contains("limit of 65536 bytes");
      // the connection goes on if Jetty kept it, else it is closed
      if (!"close".equalsIgnoreCase(r.header("Connection"))) assertThat(c.exchange(c.post(session, call(4))).status()).isEqualTo(200);
      else assertThat(c.closedByServer()).isTrue();
    }
    try (RawSocket c = new RawSocket(url)) {
      c.write(head("Transfer-Encoding: chunked\r\n", -1) + chunked(big));
      RawSocket.Response r = c.read();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body()).contains("limit of 65536 bytes");
    }
    assertThat(server.running().frontLoop().answered()).as("only the call after the 413").isLessThanOrEqualTo(before + 1);
  }

  @Test
  void anOpenEventStreamIsRelayedAndClientsThatLeaveBreakNothing() throws Exception {
    int idle = jettyConnections();
    try (RawSocket keeper = new RawSocket(url)) {
      String own = keeper.initialize(); // a session of its own: the others' requests in flight do not make it busy
      String streamed;
      try (RawSocket stream = new RawSocket(url)) {
        streamed = stream.initialize();
        stream.write("GET " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nAccept: text/event-stream\r\n"
            + "Mcp-Session-Id: " + streamed + "\r\nMCP-Protocol-Version: " + RawSocket.VERSION + "\r\n\r\n");
        RawSocket.Response open = stream.readHead();
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.header("Content-Type")).startsWith("text/event-stream");
        // while it is open, others are answered
        assertThat(keeper.exchange(keeper.post(own, call(2))).id()).isEqualTo(2);
      }
      // Jetty, like Jetty on its own port, notices a stream's client left only when it writes; the session's end ends the stream
      assertThat(keeper.exchange("DELETE " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nMcp-Session-Id: "
          + streamed + "\r\n\r\n").status()).isEqualTo(200);
      assertThat(Mcp.eventually(20, () -> jettyConnections() <= idle + 1)).as("Jetty's connections: %d besides the keeper's", jettyConnections() - 1)
          .isTrue();
      // gone mid-request: in the head, in a relayed body, in a fast call's body
      String fast = RawSocket.post(url, session, call(3), "");
      String relayed = RawSocket.post(url, session, ping(3), "");
      for (String part : List.of(fast.substring(0, 40), fast.substring(0, fast.length() - 10), relayed.substring(0, relayed.length() - 5))) {
        try (RawSocket gone = new RawSocket(url)) {
          gone.write(part);
        }
      }
      // gone mid-response: many answers asked for, one read
      for (String one : List.of(fast, relayed, RawSocket.post(url, session, toolsList(4), ""))) {
        try (RawSocket gone = new RawSocket(url)) {
          gone.write(one.repeat(200));
          assertThat(gone.read().status()).isEqualTo(200);
        }
      }
      long before = server.running().frontLoop().answered();
      RawSocket.Response after = keeper.exchange(keeper.post(own, call(5)));
      assertThat(after.id()).isEqualTo(5);
      assertThat(server.running().frontLoop().answered()).as("the loop still answers").isGreaterThan(before);
      assertThat(keeper.exchange(keeper.post(own, ping(6))).id()).isEqualTo(6);
      try (RawSocket fresh = new RawSocket(url)) {
        String other = fresh.initialize();
        assertThat(fresh.exchange(fresh.post(other, call(7))).resultText()).isEqualTo(FrontLoopTest.direct("get_product", Map.of("product_id", 3)));
      }
    }
    // every connection of a client that left is closed to Jetty too (no stream held open for nobody)
    assertThat(Mcp.eventually(20, () -> jettyConnections() <= idle)).as("Jetty's connections: %d", jettyConnections()).isTrue();
  }
}
