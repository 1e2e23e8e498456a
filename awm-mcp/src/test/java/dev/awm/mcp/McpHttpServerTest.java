package dev.awm.mcp;

import static dev.awm.mcp.Mcp.call;
import static dev.awm.mcp.Mcp.json;
import static dev.awm.mcp.Mcp.kind;
import static dev.awm.mcp.Mcp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.Environment;
import dev.awm.runtime.ToolDescriptor;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MCP SDK's own client over Streamable HTTP against a served starter environment. */
class McpHttpServerTest {
  static Environment env;
  static McpEnvironmentServer server;
  static McpSyncClient client;

  @BeforeAll
  static void start() {
    env = Mcp.shop();
    server = McpEnvironmentServer.builder(env).port(0).build().start();
    client = Mcp.client(server.url());
  }

  @AfterAll
  static void stop() {
    client.closeGracefully();
    server.close();
  }

  @Test
  void servesAtLoopbackSlashMcp() {
    assertThat(server.url().toString()).startsWith("http://127.0.0.1:").endsWith("/mcp");
    assertThat(server.port()).isPositive();
    assertThat(client.getCurrentInitializationResult().serverInfo().name()).isEqualTo("awm-e_commerce");
  }

  @Test
  void aPortInUseIsAnErrorNamingTheAddress() {
    McpEnvironmentServer second = McpEnvironmentServer.builder(env).port(server.port()).build();
    assertThatThrownBy(second::start).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot serve environment 'e_commerce' on 127.0.0.1:" + server.port());
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void listsEveryToolWithItsDescriptionAndInputSchema() {
    List<McpSchema.Tool> tools = client.listTools().tools();
    assertThat(tools).extracting(McpSchema.Tool::name)
        .containsExactlyElementsOf(env.tools().stream().map(ToolDescriptor::name).toList());
    Map<String, McpSchema.Tool> byName = tools.stream().collect(Collectors.toMap(McpSchema.Tool::name, Function.identity()));
    for (ToolDescriptor d : env.tools()) {
      McpSchema.Tool t = byName.get(d.name());
      assertThat(t.description()).isEqualTo(d.description()).isNotBlank();
      assertThat(JsonValues.parse(JsonValues.write(t.inputSchema()))).isEqualTo(JsonValues.parse(d.inputSchemaJson()));
    }
    assertThat(byName.get("add_to_cart").inputSchema()).containsEntry("type", "object")
        .containsEntry("additionalProperties", false);
  }

  @Test
  void callsAReadAndAWriteTool() {
    try (McpSyncClient c = Mcp.client(server.url())) {
      CallToolResult before = call(c, "get_cart", Map.of());
      assertThat(before.isError()).isFalse();
      assertThat(kind(before)).isEqualTo("ok");
      assertThat(text(before)).contains("\"items\"");

      CallToolResult added = call(c, "add_to_cart", Map.of("product_id", 5, "quantity", 2));
      assertThat(added.isError()).as(text(added)).isFalse();

      CallToolResult after = call(c, "get_cart", Map.of());
      assertThat(text(after)).isNotEqualTo(text(before)).contains("Voltix");
    }
  }

  @Test
  void anUnknownToolIsAnErrorResultNotAProtocolError() {
    CallToolResult r = call(client, "launch_rockets", Map.of("count", 3));
    assertThat(r.isError()).isTrue();
    assertThat(kind(r)).isEqualTo("bad_request");
    assertThat(json(r).get("error").toString()).contains("unknown tool 'launch_rockets'");
    // the hidden fallback and the episode-control tools are not callable names either
    assertThat(call(client, "awm_unknown_tool", Map.of()).isError()).isTrue();
    assertThat(text(call(client, "awm_reset", Map.of()))).contains("unknown tool 'awm_reset'");
  }

  @Test
  void badArgumentsAreAnErrorResultNamingTheProblem() {
    CallToolResult wrongType = call(client, "add_to_cart", Map.of("product_id", "five", "quantity", 1));
    assertThat(wrongType.isError()).isTrue();
    assertThat(kind(wrongType)).isEqualTo("bad_request");
    assertThat(text(wrongType)).contains("product_id");

    CallToolResult missing = call(client, "get_product", Map.of());
    assertThat(missing.isError()).isTrue();
    assertThat(text(missing)).contains("product_id");

    CallToolResult extra = call(client, "get_cart", Map.of("colour", "red"));
    assertThat(extra.isError()).isTrue();
    assertThat(text(extra)).contains("colour");
  }

  @Test
  void aToolErrorIsAnErrorResultWithTheToolsMessage() {
    CallToolResult r = call(client, "get_product", Map.of("product_id", 9999));
    assertThat(r.isError()).isTrue();
    assertThat(kind(r)).isEqualTo("tool_error");
    assertThat(json(r)).containsEntry("error", "product 9999 not found");
  }
}
