package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Test helpers: the starter environment, SDK clients, reading results. */
final class Mcp {
  private static Environment shop;

  private Mcp() {}

  /** The e_commerce starter environment, built once for all tests. */
  static synchronized Environment shop() {
    if (shop == null) shop = Environment.of(StarterPack.load("e_commerce"));
    return shop;
  }

  /** An initialized SDK client over Streamable HTTP. */
  static McpSyncClient client(URI url) {
    McpSyncClient c = uninitialized(url, HttpRequest.newBuilder());
    c.initialize();
    return c;
  }

  /** An SDK client whose requests start from {@code request} (to add headers). */
  static McpSyncClient uninitialized(URI url, HttpRequest.Builder request) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder(url.getScheme() + "://" + url.getAuthority())
        .endpoint(url.getPath())
        .requestBuilder(request)
        .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
  }

  static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  /** The result's only text content. */
  static String text(CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  /** The result's content as plain JSON values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(CallToolResult r) {
    return (Map<String, Object>) JsonValues.parse(text(r));
  }

  static String kind(CallToolResult r) {
    return (String) r.meta().get(EnvironmentTools.KIND_META);
  }

  /** Waits up to {@code seconds} for {@code condition}. */
  static boolean eventually(double seconds, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }
}
