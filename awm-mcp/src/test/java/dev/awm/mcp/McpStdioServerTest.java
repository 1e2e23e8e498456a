package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.Environment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stdio transport driven through piped streams with newline-delimited JSON-RPC. */
class McpStdioServerTest {
  final Environment env = Mcp.shop();

  @Test
  @SuppressWarnings("unchecked")
  void servesOneClientOverStreamsUntilTheInputEnds() throws Exception {
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedInputStream fromServer = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    BufferedReader replies = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    int before = env.liveHandles();

    McpStdioServer server = McpStdioServer.builder(env).episodeControl(true).build().start(serverIn, serverOut);
    try {
      assertThat(env.liveHandles()).isEqualTo(before + 1);
      send(toServer, RawHttp.INITIALIZE);
      Map<String, Object> init = read(replies);
      assertThat(((Map<String, Object>) ((Map<String, Object>) init.get("result")).get("serverInfo")).get("name")).isEqualTo("awm-e_commerce");
      send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

      send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      List<Object> tools = (List<Object>) ((Map<String, Object>) read(replies).get("result")).get("tools");
      assertThat(tools).hasSize(env.tools().size());

      send(toServer, RawHttp.toolCall(3, "add_to_cart", Map.of("product_id", 5, "quantity", 2)));
      Map<String, Object> added = (Map<String, Object>) read(replies).get("result");
      assertThat(added.get("isError")).isEqualTo(false);
      assertThat(server.handle().query("SELECT quantity FROM cart_items WHERE product_id = 5")).hasSize(1);

      send(toServer, RawHttp.toolCall(4, "no_such_tool", Map.of()));
      Map<String, Object> unknown = (Map<String, Object>) read(replies).get("result");
      assertThat(unknown.get("isError")).isEqualTo(true);
      assertThat(unknown.toString()).contains("unknown tool 'no_such_tool'");

      send(toServer, RawHttp.toolCall(5, "awm_reward", Map.of("task", 1)));
      assertThat(read(replies).toString()).contains("\"status\":\"complete\"");

      toServer.close(); // the client goes away: the server ends
      assertThat(server.awaitEnd(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      server.close();
    }
    assertThat(server.handle().isClosed()).isTrue();
    assertThat(env.liveHandles()).isEqualTo(before);
  }

  private static void send(OutputStream out, String json) throws IOException {
    out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(BufferedReader in) throws IOException {
    String line = in.readLine();
    assertThat(line).as("a reply line").isNotNull();
    return (Map<String, Object>) JsonValues.parse(line);
  }
}
