package dev.awm.mcp;

import static dev.awm.mcp.FastPathEquivalenceTest.CALLS;
import static dev.awm.mcp.FastPathEquivalenceTest.HTTP;
import static dev.awm.mcp.FastPathEquivalenceTest.call;
import static dev.awm.mcp.FastPathEquivalenceTest.initialize;
import static dev.awm.mcp.FastPathEquivalenceTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link FastToolHandler} answers the tool calls and lists it qualifies in front of the servlet
 * layer, and hands every other request on with its body intact: the servlet chain then answers it
 * as it would without the handler (the SDK, the transport's checks, {@link FastToolCalls} for a
 * chunked body). That its answers are the SDK's is {@link FastPathEquivalenceTest}'s part.
 */
class FastToolHandlerTest {
  private static final String VERSION = "2025-06-18";

  @Test
  void answersCallsWithALengthAndHandsTheRestOnWithTheirBodies() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(Mcp.shop()).build().start()) {
      FastToolHandler handler = server.running().front().jetty().getDescendant(FastToolHandler.class);
      assertThat(handler).as("installed with the fast path").isNotNull();
      URI url = server.url();
      String session = initialize(url, VERSION);
      long answered = handler.answered();

      HttpResponse<String> fast = send(url, session, VERSION, call(1, CALLS.get(0)));
      assertThat(fast.statusCode()).isEqualTo(200);
      assertThat(handler.answered()).isEqualTo(++answered);
      assertThat(send(url, session, VERSION, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}").body()).contains("get_product");
      assertThat(handler.answered()).isEqualTo(++answered);

      // no Content-Length (chunked): left unread to the servlet chain, whose fast path gives the same message
      HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(url).header("Accept", RawHttp.ACCEPT)
          .header("Content-Type", "application/json").header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION)
          .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(call(1, CALLS.get(0))))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(chunked.statusCode()).isEqualTo(200);
      assertThat(RawHttp.message(chunked)).isEqualTo(RawHttp.message(fast));

      // read, then handed on: the servlet chain reads the same bytes
      HttpResponse<String> ping = send(url, session, VERSION, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(RawHttp.message(ping)).isEqualTo(Map.of("jsonrpc", "2.0", "id", 3L, "result", Map.of()));
      HttpResponse<String> cursor = send(url, session, VERSION,
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{\"cursor\":\"c\"}}");
      assertThat(RawHttp.message(cursor)).containsEntry("id", 4L);
      HttpResponse<String> broken = send(url, session, VERSION, "{\"jsonrpc\":\"2.0\",\"id\":5,");
      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(broken.body()).contains("-32700").contains("parse error");
      HttpResponse<String> noId = send(url, session, VERSION, "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"tools/list\"}");
      assertThat(noId.statusCode()).isEqualTo(400);
      assertThat(noId.body()).contains("-32600");

      // headers that do not qualify: not read here, refused by the servlet chain
      assertThat(send(url, session, "1999-01-01", call(6, CALLS.get(0))).statusCode()).isEqualTo(400);
      assertThat(send(url, "no-such-session", VERSION, call(7, CALLS.get(0))).statusCode()).isEqualTo(404);
      HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(url).header("Accept", RawHttp.ACCEPT)
          .header("Content-Type", "application/json").header("Mcp-Session-Id", session).header("Origin", "http://evil.example")
          .POST(HttpRequest.BodyPublishers.ofString(call(8, CALLS.get(0)))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(foreign.statusCode()).isEqualTo(403);
      HttpResponse<String> text = HTTP.send(HttpRequest.newBuilder(url).header("Accept", RawHttp.ACCEPT)
          .header("Content-Type", "text/plain").header("Mcp-Session-Id", session)
          .POST(HttpRequest.BodyPublishers.ofString(call(9, CALLS.get(0)))).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(text.statusCode()).isEqualTo(415);
      assertThat(handler.answered()).isEqualTo(answered);

      assertThat(HTTP.send(HttpRequest.newBuilder(url).header("Mcp-Session-Id", session).DELETE().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(send(url, session, VERSION, call(10, CALLS.get(0))).statusCode()).isEqualTo(404);
      assertThat(handler.answered()).isEqualTo(answered);
    }
  }

  @Test
  void takesTheNodesSessionIdsAndLeavesAnotherNodesToTheServletChain() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(Mcp.shop()).nodeId("node-1").build().start()) {
      FastToolHandler handler = server.running().front().jetty().getDescendant(FastToolHandler.class);
      URI url = server.url();
      String session = initialize(url, VERSION);
      assertThat(session).startsWith("node-1.");
      HttpResponse<String> r = send(url, session, VERSION, call(1, CALLS.get(0)));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"isError\":false");
      assertThat(handler.answered()).isEqualTo(1);
      assertThat(send(url, session.substring("node-1.".length()), VERSION, call(2, CALLS.get(0))).statusCode()).isEqualTo(200);
      assertThat(handler.answered()).isEqualTo(2);
      HttpResponse<String> elsewhere = send(url, "node-2." + session.substring("node-1.".length()), VERSION, call(3, CALLS.get(0)));
      assertThat(elsewhere.statusCode()).isEqualTo(404);
      assertThat(elsewhere.body()).contains("node 'node-1'");
      assertThat(handler.answered()).isEqualTo(2);
    }
  }

  @Test
  void isNotThereWithoutTheFastPath() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(Mcp.shop()).fastPath(false).build().start()) {
      assertThat(server.running().front().jetty().getDescendant(FastToolHandler.class)).isNull();
    }
  }
}
