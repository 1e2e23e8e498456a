package dev.awm.bench;

import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Requests per second of the same read tool ({@code get_t5}) three ways, in one run: in process
 * ({@code EnvironmentHandle.callTool}), and as MCP {@code tools/call} over loopback HTTP to an
 * {@link McpEnvironmentServer}, once with the MCP SDK's own client and once with a bare
 * java.net.http client posting the JSON-RPC request (the server's cost without the SDK client's).
 * One caller, one session, requests one after another. The HTTP paths need many thousand calls
 * before the JIT has compiled them, hence the long warm-up iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 20)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class McpToolsCallBench {
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
      + "\"params\":{\"name\":\"get_t5\",\"arguments\":{\"id\":3}}}";
  private final Map<String, Object> args = Map.of("id", 3L);
  private EnvironmentHandle handle;
  private McpEnvironmentServer server;
  private McpSyncClient sdkClient;
  private McpSchema.CallToolRequest sdkRequest;
  private HttpClient http;
  private HttpRequest rawRequest;
  private String rawSession;

  @Setup
  public void setUp() throws IOException, InterruptedException {
    Environment env = Environment.of(AwmSizedEnvironment.definition());
    handle = env.newHandle();
    server = McpEnvironmentServer.builder(env).build().start();
    URI url = server.url();

    sdkClient = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://" + url.getAuthority()).endpoint(url.getPath()).build())
        .requestTimeout(Duration.ofSeconds(30)).build();
    sdkClient.initialize();
    sdkRequest = McpSchema.CallToolRequest.builder("get_t5").arguments(args).build();

    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> init = http.send(post(url, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}"),
        HttpResponse.BodyHandlers.ofString());
    rawSession = init.headers().firstValue("mcp-session-id").orElseThrow();
    http.send(post(url, rawSession, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), HttpResponse.BodyHandlers.discarding());
    rawRequest = post(url, rawSession, CALL);
    if (!rawToolCall().contains("\"isError\":false")) throw new IllegalStateException("the raw call failed: " + rawToolCall());
    if (Boolean.TRUE.equals(sdkClient.callTool(sdkRequest).isError())) throw new IllegalStateException("the SDK call failed");
  }

  private static HttpRequest post(URI url, String session, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) b.header("Mcp-Session-Id", session);
    return b.build();
  }

  @TearDown
  public void tearDown() {
    sdkClient.closeGracefully();
    server.close();
    handle.close();
  }

  /** The tool in process: what an embedded trainer pays per call. */
  @Benchmark
  public Object inProcessCallTool() {
    return handle.callTool("get_t5", args).content();
  }

  /** tools/call over loopback HTTP with the MCP SDK's client (initialize once, then call after call). */
  @Benchmark
  public Object mcpHttpSdkClient() {
    return sdkClient.callTool(sdkRequest);
  }

  /** tools/call over loopback HTTP posted by a bare java.net.http client, the event-stream body read whole. */
  @Benchmark
  public Object mcpHttpRawClient() throws IOException, InterruptedException {
    return rawToolCall();
  }

  private String rawToolCall() throws IOException, InterruptedException {
    return http.send(rawRequest, HttpResponse.BodyHandlers.ofString()).body();
  }
}
