package dev.awm.mcp;

import static dev.awm.mcp.RawSocket.ping;
import static dev.awm.mcp.RawSocket.toolCall;
import static dev.awm.mcp.RawSocket.toolsList;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.EnvironmentHandle;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's front loop ({@link FrontLoop}) over raw sockets: it answers the fast path itself and
 * relays everything else to Jetty on the same keep-alive connection, in order, whatever the
 * segments the requests arrive in; a call that needs a worker does not hold the loop up; and many
 * clients at once each get their own session's answers. {@link FrontLoop#answered()} tells which
 * requests the loop answered. Calls on workers are {@link FrontLoopWorkerTest}'s, the hostile side
 * {@link FrontLoopAdversarialTest}'s.
 */
class FrontLoopTest {
  static McpEnvironmentServer server;
  static URI url;

  @BeforeAll
  static void start() {
    server = McpEnvironmentServer.builder(Mcp.shop()).build().start();
    url = server.url();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static long answered() {
    return server.running().frontLoop().answered();
  }

  @Test
  void oneKeepAliveConnectionCarriesRelayedAndFastRequestsInTurn() throws Exception {
    try (RawSocket c = new RawSocket(url)) {
      long before = answered();
      RawSocket.Response init = c.exchange(c.post(null, RawHttp.INITIALIZE));
      assertThat(init.status()).isEqualTo(200);
      String session = init.header("Mcp-Session-Id");
      assertThat(session).isNotBlank();
      assertThat(c.exchange(c.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).status()).isEqualTo(202);
      assertThat(answered()).as("initialize and its notification went to Jetty").isEqualTo(before);

      RawSocket.Response call = c.exchange(c.post(session, toolCall(2, "get_product", "{\"product_id\":3}")));
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.header("Content-Type")).startsWith("text/event-stream");
      assertThat(call.header("Content-Length")).isEqualTo(Integer.toString(call.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      assertThat(call.header("Date")).endsWith(" GMT");
      assertThat(call.header("Server")).isNull();
      assertThat(call.id()).isEqualTo(2);
      assertThat(call.resultText()).isEqualTo(direct("get_product", Map.of("product_id", 3)));
      assertThat(answered()).as("the loop answered the call").isEqualTo(before + 1);

      RawSocket.Response list = c.exchange(c.post(session, toolsList(3)));
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body()).contains("\"get_product\"").contains("\"add_to_cart\"");
      assertThat(answered()).isEqualTo(before + 2);

      RawSocket.Response pong = c.exchange(c.post(session, ping(4)));
      assertThat(pong.status()).isEqualTo(200);
      assertThat(pong.message()).isEqualTo(Map.of("jsonrpc", "2.0", "id", 4L, "result", Map.of()));
      assertThat(answered()).as("ping went to Jetty").isEqualTo(before + 2);

      RawSocket.Response deleted = c.exchange("DELETE " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority()
          + "\r\nMcp-Session-Id: " + session + "\r\n\r\n");
      assertThat(deleted.status()).isEqualTo(200);

      RawSocket.Response gone = c.exchange(c.post(session, toolCall(5, "get_product", "{\"product_id\":3}")));
      assertThat(gone.status()).isEqualTo(404);
      assertThat(gone.header("Content-Type")).startsWith("application/json");
      assertThat(gone.message()).containsEntry("jsonrpc", "2.0").containsKey("error");
      assertThat(answered()).as("a deleted session's call is Jetty's 404").isEqualTo(before + 2);
    }
  }

  @Test
  void responsesWithoutABodyOrOfOtherPathsAreRelayedAndTheConnectionGoesOn() throws Exception {
    try (RawSocket c = new RawSocket(url)) {
      String session = c.initialize();
      long before = answered();
      String host = "Host: " + url.getAuthority() + "\r\n";
      // HEAD: a Content-Length and no body; the next response must start right after the head
      c.write("HEAD /stats HTTP/1.1\r\n" + host + "\r\n");
      RawSocket.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(c.exchange(c.post(session, toolCall(1, "get_cart", "{}"))).id()).isEqualTo(1);
      assertThat(c.exchange("GET /healthz HTTP/1.1\r\n" + host + "\r\n").status()).isEqualTo(200);
      RawSocket.Response stats = c.exchange("GET /stats HTTP/1.1\r\n" + host + "\r\n");
      assertThat(stats.body()).contains("\"calls\"");
      assertThat(c.exchange("GET /nowhere HTTP/1.1\r\n" + host + "\r\n").status()).isEqualTo(404);
      assertThat(c.exchange(c.post(session, toolsList(2))).id()).isEqualTo(2);
      // a notification: 202, no body
      assertThat(c.exchange(c.post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}"))
          .status()).isEqualTo(202);
      // a relayed request whose client asks to close: Jetty's answer, then closed
      try (RawSocket d = new RawSocket(url)) {
        assertThat(d.exchange(d.post(session, ping(9), "Connection: close\r\n")).id()).isEqualTo(9);
        assertThat(d.closedByServer()).isTrue();
      }
      // the loop's own answer to a client that asks to close: said, then done
      RawSocket.Response last = c.exchange(c.post(session, toolCall(3, "get_cart", "{}"), "Connection: close\r\n"));
      assertThat(last.id()).isEqualTo(3);
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
      assertThat(answered()).isEqualTo(before + 3);
    }
  }

  @Test
  void pipelinedRequestsInOneWriteAreAnsweredInOrder() throws Exception {
    try (RawSocket c = new RawSocket(url)) {
      String session = c.initialize();
      long before = answered();
      c.write(c.post(session, toolCall(1, "get_product", "{\"product_id\":3}")) + c.post(session, toolCall(2, "get_cart", "{}"))
          + c.post(session, ping(3)) + c.post(session, toolsList(4)));
      List<RawSocket.Response> answers = List.of(c.read(), c.read(), c.read(), c.read());
      assertThat(answers).extracting(RawSocket.Response::status).containsExactly(200, 200, 200, 200);
      assertThat(answers).extracting(RawSocket.Response::id).containsExactly(1L, 2L, 3L, 4L);
      assertThat(answers.get(0).resultText()).isEqualTo(direct("get_product", Map.of("product_id", 3)));
      assertThat(answers.get(2).message()).containsEntry("result", Map.of());
      assertThat(answered()).as("three fast, the ping relayed between them").isEqualTo(before + 3);

      // a relayed request first, then fast ones behind it in the same write
      c.write(c.post(session, ping(5)) + c.post(session, toolCall(6, "get_cart", "{}")) + c.post(session, ping(7)));
      assertThat(List.of(c.read(), c.read(), c.read())).extracting(RawSocket.Response::id).containsExactly(5L, 6L, 7L);
      assertThat(answered()).isEqualTo(before + 4);
    }
  }

  @Test
  void aRequestArrivingAFewBytesAtATimeIsAnswered() throws Exception {
    try (RawSocket c = new RawSocket(url)) {
      String session = c.initialize();
      long before = answered();
      for (int step : new int[] {1, 3, 7, 50}) {
        c.writeSlowly(c.post(session, toolCall(step, "get_product", "{\"product_id\":3}")), step);
        RawSocket.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.id()).isEqualTo(step);
        assertThat(r.resultText()).isEqualTo(direct("get_product", Map.of("product_id", 3)));
        // relayed ones too
        c.writeSlowly(c.post(session, ping(100 + step)), step);
        assertThat(c.read().id()).isEqualTo(100 + step);
      }
      assertThat(answered()).isEqualTo(before + 4);
      // split exactly at the end of the head, then the body in two
      String request = c.post(session, toolCall(9, "get_cart", "{}"));
      int headEnd = request.indexOf("\r\n\r\n") + 4;
      c.write(request.substring(0, headEnd - 1));
      c.write(request.substring(headEnd - 1, headEnd + 5));
      c.write(request.substring(headEnd + 5));
      assertThat(c.read().id()).isEqualTo(9);
    }
  }

  @Test
  void aBodyPastWhatTheLoopReadsItselfIsRelayed() throws Exception {
    try (RawSocket c = new RawSocket(url)) {
      String session = c.initialize();
      long before = answered();
      String query = "lamp " + "x".repeat(FrontConnection.MAX_FAST_BODY);
      RawSocket.Response r = c.exchange(c.post(session, toolCall(1, "search_products", "{\"query\":\"" + query + "\"}")));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.id()).isEqualTo(1);
      assertThat(r.resultText()).isEqualTo(direct("search_products", Map.of("query", query)));
      assertThat(answered()).as("Jetty answered it").isEqualTo(before);
      assertThat(c.exchange(c.post(session, toolCall(2, "get_cart", "{}"))).id()).isEqualTo(2);
      assertThat(answered()).isEqualTo(before + 1);
    }
  }

  @Test
  void largeAnswersAndBodiesPassWholeBothWays() throws Exception {
    String big = "y".repeat(300_000);
    Environment env = EnvironmentBuilder.create("Big answers", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("big", "").param("text", dev.awm.runtime.ParamType.STRING, false, ""),
            (db, a) -> big + a.getString("text", "").length())
        .environment().build();
    try (McpEnvironmentServer bigServer = McpEnvironmentServer.builder(env).build().start(); RawSocket c = new RawSocket(bigServer.url())) {
      String session = c.initialize();
      String expected = "\"" + big + "0\"";
      // on a worker, written by the loop
      RawSocket.Response fast = c.exchange(c.post(session, toolCall(2, "big", "{}")));
      assertThat(fast.resultText()).isEqualTo(expected);
      assertThat(bigServer.running().frontLoop().answered()).isEqualTo(1);
      // a body of a megabyte (past what the loop reads itself): relayed to Jetty, and its answer back, in many reads each
      String text = "z".repeat(1 << 20);
      RawSocket.Response large = c.exchange(c.post(session, toolCall(3, "big", "{\"text\":\"" + text + "\"}")));
      assertThat(large.resultText()).isEqualTo("\"" + big + text.length() + "\"");
      assertThat(bigServer.running().frontLoop().answered()).isEqualTo(1);
      assertThat(c.exchange(c.post(session, ping(4))).id()).isEqualTo(4);
    }
  }

  @Test
  void thousandsOfPipelinedRequestsWrittenWithoutReadingAreAllAnsweredInOrder() throws Exception {
    int n = 3000;
    try (RawSocket c = new RawSocket(url)) {
      String session = c.initialize();
      long before = answered();
      Thread writer = new Thread(() -> {
        try {
          StringBuilder batch = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            batch.append(c.post(session, i % 10 == 0 ? ping(i) : i % 2 == 0 ? toolsList(i) : toolCall(i, "get_product", "{\"product_id\":3}")));
            if (batch.length() > 100_000 || i == n) {
              c.write(batch.toString());
              batch.setLength(0);
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start(); // the client writes on while the server's answers wait for it to read
      for (int i = 1; i <= n; i++) {
        RawSocket.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.id()).isEqualTo(i);
      }
      writer.join(20_000);
      assertThat(writer.isAlive()).isFalse();
      assertThat(answered() - before).isEqualTo(n - n / 10);
    }
  }

  @Test
  void manyConnectionsAtOnceEachSeeTheirOwnSession() throws Exception {
    int clients = 200;
    Map<Integer, String> expectedCart = new java.util.HashMap<>();
    for (int q = 1; q <= 3; q++) {
      try (EnvironmentHandle h = Mcp.shop().newHandle()) {
        h.callTool("add_to_cart", Map.of("product_id", 5, "quantity", q));
        expectedCart.put(q, h.callTool("get_cart", Map.of()).content());
      }
    }
    String product = direct("get_product", Map.of("product_id", 3));
    long before = answered();
    int live = server.liveSessions();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int quantity = 1 + i % 3;
        done.add(pool.submit(() -> {
          try (RawSocket c = new RawSocket(url)) {
            String session = c.initialize();
            RawSocket.Response added = c.exchange(c.post(session, toolCall(1, "add_to_cart", "{\"product_id\":5,\"quantity\":" + quantity + "}")));
            assertThat(added.resultText()).isEqualTo(expectedCart.get(quantity));
            assertThat(c.exchange(c.post(session, toolCall(2, "get_product", "{\"product_id\":3}"))).resultText()).isEqualTo(product);
            assertThat(c.exchange(c.post(session, ping(3))).id()).isEqualTo(3);
            RawSocket.Response cart = c.exchange(c.post(session, toolCall(4, "get_cart", "{}")));
            assertThat(cart.id()).isEqualTo(4);
            assertThat(cart.resultText()).as("this session's own cart").isEqualTo(expectedCart.get(quantity));
            assertThat(c.exchange("DELETE " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nMcp-Session-Id: "
                + session + "\r\n\r\n").status()).isEqualTo(200);
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(answered() - before).as("three fast calls per client").isEqualTo(3L * clients);
    assertThat(Mcp.eventually(20, () -> server.liveSessions() == live)).as("every client deleted its session").isTrue();
  }

  /** A tool's result text from a fresh handle of the shop. */
  static String direct(String tool, Map<String, Object> args) {
    try (EnvironmentHandle h = Mcp.shop().newHandle()) {
      return h.callTool(tool, args).content();
    }
  }
}
