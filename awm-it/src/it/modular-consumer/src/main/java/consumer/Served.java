package consumer;

import dev.awm.core.StarterPack;
import dev.awm.embeddings.MiniLmEmbeddings;
import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.mcp.McpToolSession;
import dev.awm.runtime.Environment;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a modular user does with awm-mcp and awm-embeddings: serve an environment, call it remotely, embed texts. */
public final class Served {
  private Served() {}

  /** What a remote session saw: the tools listed and one call's result. */
  public record Remote(List<String> tools, ToolResult result) {}

  /**
   * A starter environment served over MCP (Streamable HTTP, Jetty, an ephemeral port) and called
   * with {@link McpToolSession}, the MCP SDK's client under it.
   */
  public static Remote starterOverMcp() {
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).port(0).build().start();
        McpToolSession session = McpToolSession.connect(server.url(), Duration.ofSeconds(30))) {
      List<String> tools = session.listTools().stream().map(ToolDescriptor::name).toList();
      return new Remote(tools, session.callTool("get_product", Map.of("product_id", 1)));
    }
  }

  /** The in-process model's vectors for {@code texts}, on one thread. */
  public static List<float[]> embed(List<String> texts) {
    return new MiniLmEmbeddings(1).embed(texts);
  }
}
