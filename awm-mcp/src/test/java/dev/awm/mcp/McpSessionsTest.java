package dev.awm.mcp;

import static dev.awm.mcp.Mcp.call;
import static dev.awm.mcp.Mcp.eventually;
import static dev.awm.mcp.Mcp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.runtime.Environment;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions over HTTP with the SDK's client: isolation, DELETE, idle expiry, the bound, origin checks. */
class McpSessionsTest {
  final Environment env = Mcp.shop();

  @Test
  void twoSessionsNeverSeeEachOthersWrites() {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start();
        McpSyncClient a = Mcp.client(server.url());
        McpSyncClient b = Mcp.client(server.url())) {
      String emptyCart = text(call(b, "get_cart", Map.of()));
      assertThat(call(a, "add_to_cart", Map.of("product_id", 5, "quantity", 2)).isError()).isFalse();
      assertThat(text(call(a, "get_cart", Map.of()))).isNotEqualTo(emptyCart).contains("Voltix");
      assertThat(text(call(b, "get_cart", Map.of()))).isEqualTo(emptyCart);
      assertThat(server.liveSessions()).isEqualTo(2);
    }
  }

  @Test
  void deleteClosesTheSessionsHandle() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      int before = env.liveHandles();
      McpSyncClient c = Mcp.client(server.url());
      call(c, "add_to_cart", Map.of("product_id", 5, "quantity", 1));
      assertThat(env.liveHandles()).isEqualTo(before + 1);
      assertThat(server.liveSessions()).isEqualTo(1);
      c.closeGracefully(); // the SDK client sends HTTP DELETE with its session id
      assertThat(eventually(60, () -> env.liveHandles() == before)).as("handle closed after DELETE").isTrue();
      assertThat(server.liveSessions()).isZero();
    }
  }

  @Test
  void anIdleSessionExpiresWithItsHandle() throws Exception {
    // the idle timeout is long next to the time between two calls of the busy client (however slow the
    // machine, it must not expire between them); the waits are on what happens, with generous deadlines
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).idleTimeout(Duration.ofSeconds(2)).build().start()) {
      int before = env.liveHandles();
      McpSyncClient idle = Mcp.client(server.url());
      McpSyncClient busy = Mcp.client(server.url());
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do { // one client keeps calling, the other says nothing, until the silent one expires
        assertThat(call(busy, "get_cart", Map.of()).isError()).isFalse();
        assertThat(System.nanoTime()).as("the idle session did not expire").isLessThan(end);
      } while (server.liveSessions() > 1);
      assertThat(server.liveSessions()).isEqualTo(1);
      assertThat(env.liveHandles()).isEqualTo(before + 1);
      assertThat(call(busy, "get_cart", Map.of()).isError()).as("the busy one is the one left").isFalse();
      assertThat(eventually(60, () -> env.liveHandles() == before)).as("the busy one expires once it stops").isTrue();
      assertThat(server.liveSessions()).isZero();
      busy.close();
      idle.close();
    }
  }

  @Test
  void theSessionBoundAnswersClearlyAndFreesUpOnDelete() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).maxSessions(2).build().start()) {
      McpSyncClient a = Mcp.client(server.url());
      McpSyncClient b = Mcp.client(server.url());
      McpSyncClient c = Mcp.uninitialized(server.url(), HttpRequest.newBuilder());
      assertThatThrownBy(c::initialize).hasStackTraceContaining("limit of 2 live sessions");
      assertThat(server.liveSessions()).isEqualTo(2);
      a.closeGracefully();
      assertThat(eventually(60, () -> server.liveSessions() == 1)).isTrue();
      try (McpSyncClient d = Mcp.client(server.url())) {
        assertThat(call(d, "get_cart", Map.of()).isError()).isFalse();
      }
      b.closeGracefully();
      c.close();
    }
  }

  @Test
  void closingTheServerClosesEveryHandleAndLeavesNoThreadBehind() throws Exception {
    int before = env.liveHandles();
    McpEnvironmentServer server = McpEnvironmentServer.builder(env).idleTimeout(Duration.ofSeconds(30)).build().start();
    McpSyncClient a = Mcp.client(server.url());
    McpSyncClient b = Mcp.client(server.url());
    assertThat(env.liveHandles()).as("no tool called yet: no database").isEqualTo(before);
    assertThat(call(a, "get_cart", Map.of()).isError()).isFalse();
    assertThat(call(b, "get_cart", Map.of()).isError()).isFalse();
    assertThat(env.liveHandles()).isEqualTo(before + 2);
    server.close();
    assertThat(env.liveHandles()).isEqualTo(before);
    assertThat(server.liveSessions()).isZero();
    assertThat(eventually(60, () -> Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .noneMatch(n -> n.startsWith("awm-mcp-") || n.startsWith("streamable-http")))).as("server threads gone: %s",
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList()).isTrue();
    a.close();
    b.close();
  }

  @Test
  void aForeignOriginIsRefused() {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      McpSyncClient evil = Mcp.uninitialized(server.url(), HttpRequest.newBuilder().header("Origin", "http://evil.example"));
      assertThatThrownBy(evil::initialize).rootCause()
          .isInstanceOfSatisfying(McpHttpClientTransportAuthorizationException.class,
              e -> assertThat(e.getResponseInfo().statusCode()).isEqualTo(403));
      evil.close();
      assertThat(server.liveSessions()).isZero();
      try (McpSyncClient local = Mcp.uninitialized(server.url(), HttpRequest.newBuilder().header("Origin", "http://localhost:3000"))) {
        local.initialize();
        assertThat(call(local, "get_cart", Map.of()).isError()).isFalse();
      }
    }
  }

  @Test
  void aForeignHostHeaderIsRefusedOnLoopback() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      assertThat(rawInitialize(server, "attacker.example:" + server.port())).startsWith("HTTP/1.1 421");
      assertThat(rawInitialize(server, "localhost:" + server.port())).startsWith("HTTP/1.1 200");
    }
  }

  /** A DNS-rebinding page reaches 127.0.0.1 with its own name in Host: java.net.http will not send that, a socket will. */
  private static String rawInitialize(McpEnvironmentServer server, String host) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
          + "Accept: application/json, text/event-stream\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }
}
