package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import dev.awm.runtime.ToolSession;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A remote environment reached over MCP (Streamable HTTP) with the MCP SDK's client, seen as a
 * {@link ToolSession}: the same agent loop runs against it as against an in-process handle. A
 * result's text is its JSON content (another server's text that is not JSON becomes a JSON string).
 * A tool failure is an error {@link ToolResult} (its kind read from the server's {@code dev.awm/kind}
 * metadata when the server is awm-java's, else {@code TOOL_ERROR}); a transport failure is an
 * exception. One MCP session per instance; not thread-safe; {@link #close()} ends the session.
 */
public final class McpToolSession implements ToolSession, AutoCloseable {
  private final McpSyncClient client;
  private List<ToolDescriptor> tools;

  private McpToolSession(McpSyncClient client) {
    this.client = client;
  }

  /**
   * Connects to the MCP endpoint {@code url} (for example {@code http://127.0.0.1:8001/mcp}) and
   * initializes a session.
   *
   * @param url the endpoint; an empty path means {@code /mcp}
   * @param timeout how long each request may take
   * @return the connected session; the caller closes it
   * @throws RuntimeException from the SDK when the server cannot be reached or refuses the session
   */
  public static McpToolSession connect(URI url, Duration timeout) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder(url.getScheme() + "://" + url.getAuthority())
        .endpoint(url.getPath().isEmpty() ? "/mcp" : url.getPath())
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(timeout).build();
    try {
      client.initialize();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return new McpToolSession(client);
  }

  /** How the server's instructions state the environment's clock (followed by an ISO local date-time and a period). */
  static final String CLOCK = " The environment's clock reads ";

  /**
   * {@return the environment's simulated now, as an awm-java server states it in its instructions;
   * empty for another server}
   */
  @Override
  public java.util.Optional<java.time.LocalDateTime> simulatedNow() {
    String instructions = client.getServerInstructions();
    int at = instructions == null ? -1 : instructions.lastIndexOf(CLOCK);
    if (at < 0) return java.util.Optional.empty();
    String rest = instructions.substring(at + CLOCK.length());
    int end = rest.lastIndexOf('.');
    try {
      return java.util.Optional.of(java.time.LocalDateTime.parse(end < 0 ? rest : rest.substring(0, end)));
    } catch (java.time.format.DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public List<ToolDescriptor> listTools() {
    if (tools == null) {
      List<ToolDescriptor> out = new ArrayList<>();
      String cursor = null;
      do {
        McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
        for (McpSchema.Tool t : page.tools()) out.add(new ToolDescriptor(t.name(), t.description(), t.inputSchema()));
        cursor = page.nextCursor();
      } while (cursor != null && !cursor.isEmpty());
      tools = List.copyOf(out);
    }
    return tools;
  }

  @Override
  public ToolResult callTool(String name, Map<String, Object> arguments) {
    McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder(name).arguments(arguments == null ? Map.of() : arguments).build());
    StringBuilder text = new StringBuilder();
    for (McpSchema.Content c : r.content()) {
      if (c instanceof McpSchema.TextContent t) text.append(t.text());
    }
    boolean error = Boolean.TRUE.equals(r.isError());
    Object kind = r.meta() == null ? null : r.meta().get(EnvironmentTools.KIND_META);
    if (!error) {
      if (text.length() == 0) return ToolResult.ok(name, "null");
      // an awm-java server (its results carry the kind) sends JSON text: no need to parse it to be sure
      return ToolResult.ok(name, kind != null ? text.toString() : asJson(text.toString()));
    }
    ToolResult.Kind k = ToolResult.Kind.TOOL_ERROR;
    if (kind instanceof String s) {
      try {
        k = ToolResult.Kind.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException ignored) {
        // an unknown kind from another server: a tool error
      }
    }
    if (k == ToolResult.Kind.OK) k = ToolResult.Kind.TOOL_ERROR;
    return ToolResult.error(name, k, messageOf(text.toString()));
  }

  /** Text that is JSON stays as it is; other text becomes a JSON string. */
  private static String asJson(String text) {
    try {
      JsonValues.parse(text);
      return text;
    } catch (RuntimeException e) {
      return JsonValues.write(text);
    }
  }

  /** The message of an error result: {@code {"error": "..."}} from awm-java servers, else the text. */
  @SuppressWarnings("unchecked")
  private static String messageOf(String text) {
    try {
      Object v = JsonValues.parse(text);
      if (v instanceof Map && ((Map<String, Object>) v).get("error") instanceof String) return (String) ((Map<String, Object>) v).get("error");
    } catch (RuntimeException e) {
      // plain text
    }
    return text;
  }

  /** Ends the MCP session (the server closes its handle). */
  @Override
  public void close() {
    client.closeGracefully();
  }
}
