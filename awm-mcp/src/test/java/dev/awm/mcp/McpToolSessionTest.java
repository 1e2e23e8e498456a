package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ToolCall;
import dev.awm.runtime.ToolResult;
import dev.awm.runtime.ToolDescriptor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remote ToolSession against the real server: what an agent sees is what an in-process handle gives. */
class McpToolSessionTest {
  @Test
  void aRemoteSessionBehavesLikeAHandle() throws Exception {
    EnvironmentDefinition def = Mcp.shop().definition();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(Mcp.shop()).port(0).build().start();
        McpToolSession remote = McpToolSession.connect(server.url(), Duration.ofSeconds(20))) {
      assertThat(remote.listTools()).extracting(ToolDescriptor::name).containsExactlyElementsOf(
          Mcp.shop().tools().stream().map(ToolDescriptor::name).toList());
      assertThat(remote.listTools().get(0).inputSchema()).containsEntry("type", "object");
      try (dev.awm.runtime.EnvironmentHandle local = Mcp.shop().newHandle()) {
        assertThat(remote.callTool("get_cart", Map.of()).content()).isEqualTo(local.callTool("get_cart", Map.of()).content());
        // the environment's clock, as the server's instructions state it
        assertThat(remote.simulatedNow()).isEqualTo(local.simulatedNow()).hasValue(def.simulatedNow());
      }
      for (ToolCall c : def.solution(3).orElseThrow().calls()) {
        ToolResult r = remote.callTool(c.name(), c.arguments());
        assertThat(r.isError()).as(r.message()).isFalse();
      }
      ToolResult unknown = remote.callTool("teleport", Map.of());
      assertThat(unknown.kind()).isEqualTo(ToolResult.Kind.BAD_REQUEST);
      assertThat(unknown.message()).contains("unknown tool 'teleport'");
      ToolResult refused = remote.callTool("get_order", Map.of("order_id", 999));
      assertThat(refused.kind()).isEqualTo(ToolResult.Kind.TOOL_ERROR);
      assertThat(refused.message()).contains("999");
      assertThat(server.liveSessions()).isEqualTo(1);
    }
  }
}
