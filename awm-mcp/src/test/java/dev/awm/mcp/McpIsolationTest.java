package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.StarterPack;
import dev.awm.runtime.ParamType;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Over MCP too, a failed call poisons nothing for later sessions, a lost episode says so, and request bodies are bounded. */
class McpIsolationTest {
  @Test
  void aStatementThatFailedInOneSessionWorksInTheNext() throws InterruptedException {
    Environment env = Environment.builder(StarterPack.load("e_commerce")).spareHandles(1).build();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      McpSyncClient first = Mcp.client(server.url());
      CallToolResult bad = Mcp.call(first, "search_products", Map.of("query", "x".repeat(60_000)));
      assertThat(bad.isError()).isTrue();
      assertThat(Mcp.text(bad)).contains("LIKE or GLOB pattern too complex");
      first.closeGracefully();
      assertThat(Mcp.eventually(20, () -> env.spareHandles() == 1)).as("the closed session's connection became the spare").isTrue();
      McpSyncClient next = Mcp.client(server.url());
      try {
        CallToolResult ok = Mcp.call(next, "search_products", Map.of("query", "lamp"));
        assertThat(ok.isError()).as(Mcp.text(ok)).isFalse();
        assertThat(Mcp.kind(ok)).isEqualTo("ok");
        assertThat(env.spareHandles()).as("the new session took the spare").isZero();
      } finally {
        next.closeGracefully();
      }
    }
  }

  @Test
  void aStatementStoppedAtTheTimeLimitInOneSessionWorksInTheNext() throws InterruptedException {
    Environment env = EnvironmentBuilder.create("Counter", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("count", "").param("n", ParamType.INTEGER, true, ""), (db, a) -> db.scalar(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?) SELECT count(*) FROM r", a.getLong("n")))
        .environment().callTimeout(Duration.ofSeconds(2)).spareHandles(1).build();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      McpSyncClient first = Mcp.client(server.url());
      CallToolResult stopped = Mcp.call(first, "count", Map.of("n", Long.MAX_VALUE));
      assertThat(Mcp.kind(stopped)).isEqualTo("limit_exceeded");
      first.closeGracefully();
      assertThat(Mcp.eventually(20, () -> env.spareHandles() == 1)).isTrue();
      McpSyncClient next = Mcp.client(server.url());
      try {
        CallToolResult ok = Mcp.call(next, "count", Map.of("n", 10));
        assertThat(Mcp.text(ok)).isEqualTo("10");
        assertThat(env.spareHandles()).isZero();
      } finally {
        next.closeGracefully();
      }
    }
  }

  @Test
  void aLostEpisodeIsItsOwnKindInTheResultsMeta() {
    Environment env = EnvironmentBuilder.create("Notes", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("endless", ""), (db, a) -> db.update("INSERT INTO notes (body) SELECT 'x' FROM "
            + "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r) WHERE i < 0"))
        .environment().callTimeout(Duration.ofSeconds(2)).build();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      McpSyncClient client = Mcp.client(server.url());
      try {
        CallToolResult r = Mcp.call(client, "endless", Map.of());
        assertThat(r.isError()).isTrue();
        assertThat(Mcp.kind(r)).isEqualTo("episode_reset");
        assertThat(Mcp.text(r)).contains("SQLite rolled back the whole episode");
      } finally {
        client.closeGracefully();
      }
    }
  }

  @Test
  void aRequestBodyOverTheLimitIsRefusedWith413() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(Mcp.shop()).maxRequestBytes(64 << 10).build().start()) {
      RawHttp raw = new RawHttp(server.url());
      HttpResponse<String> init = raw.post(null, RawHttp.INITIALIZE).get();
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      HttpResponse<String> big = raw.post(session, RawHttp.toolCall(2, "search_products", Map.of("query", "x".repeat(100_000)))).get();
      assertThat(big.statusCode()).isEqualTo(413);
      HttpResponse<String> small = raw.post(session, RawHttp.toolCall(3, "search_products", Map.of("query", "x".repeat(30_000)))).get();
      assertThat(small.statusCode()).isEqualTo(200);
    }
  }
}
