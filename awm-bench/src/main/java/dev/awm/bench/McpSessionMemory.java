package dev.awm.bench;

import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.runtime.Environment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Memory per live MCP session of an AWM-sized environment, measured through the server as
 * {@link HandleMemory} measures handles: the growth of the <em>server</em> process's resident set
 * (VmRSS: Java heap and native SQLite together) while N sessions are live, each having initialized,
 * listed the tools and made one read and one write call. The server runs in a child JVM (the same
 * class path, {@code -Xmx2g} unless {@code -Dawm.child.jvm="..."}), so the client's memory is not
 * counted. The child's heap used after a full GC, its direct buffers and its threads are reported too.
 *
 * <p>Clients: by default a bare {@code java.net.http} one, one connection pool for all sessions and
 * no event stream; {@code -Dawm.streams=true}: each session also holds its GET event stream open;
 * {@code -Dawm.client=sdk}: each session is the MCP SDK's own client (its own HTTP client, so its own
 * connections, and its event stream), as agents connect. {@code -Dawm.calls=false}: sessions only
 * initialize and list the tools. {@code -Dawm.histogram=PREFIX}: the child's class histograms
 * before and after the sessions (jcmd GC.class_histogram) go to PREFIX-N-before.txt and
 * PREFIX-N-after.txt. Run:
 * {@code java -cp awm-bench/target/benchmarks.jar -Dawm.client=sdk dev.awm.bench.McpSessionMemory 1024}
 * (more counts may follow).
 */
public final class McpSessionMemory {
  private static final String ACCEPT = "application/json, text/event-stream";
  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
      + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mem\",\"version\":\"1\"}}}";
  /** Whether each session makes its read and write call ({@code -Dawm.calls=false}: it only initializes and lists the tools). */
  private static final boolean CALLS = !"false".equals(System.getProperty("awm.calls"));
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private McpSessionMemory() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve();
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String o : System.getProperty("awm.child.jvm", "-Xmx2g").split(" ")) if (!o.isBlank()) cmd.add(o);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), McpSessionMemory.class.getName(), "serve"));
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter out = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
    try {
      URI url = URI.create(in.readLine());
      System.out.printf("server pid %d at %s%n", child.pid(), url);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      warmUp(http, url);
      boolean streams = Boolean.getBoolean("awm.streams");
      boolean sdk = "sdk".equals(System.getProperty("awm.client"));
      List<java.util.concurrent.CompletableFuture<?>> open = new ArrayList<>();
      for (String a : args.length == 0 ? new String[] {"1024"} : args) {
        int n = Integer.parseInt(a);
        long[] before = measure(in, out);
        histogram(child, n + "-before");
        List<String> ids = new ArrayList<>(n);
        List<McpSyncClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (sdk) clients.add(sdkSession(url, i));
          else ids.add(session(http, url, i));
        }
        if (streams) {
          for (String id : ids) open.add(stream(http, url, id));
          Thread.sleep(2000);
        }
        long[] after = measure(in, out);
        histogram(child, n + "-after");
        System.out.printf("%,d sessions: server resident set grew by %,d KiB: %.1f KiB per session; heap after GC grew %.1f KiB "
            + "per session, direct buffers %.1f KiB per session; server threads %d -> %d%n", n, after[0] - before[0],
            (after[0] - before[0]) / (double) n, (after[1] - before[1]) / 1024.0 / n, (after[3] - before[3]) / 1024.0 / n, before[2], after[2]);
        for (String id : ids) delete(http, url, id);
        clients.forEach(McpSyncClient::closeGracefully);
        open.forEach(f -> f.cancel(true));
        open.clear();
      }
    } finally {
      out.println("quit");
      child.waitFor();
    }
  }

  /** Two sessions opened and deleted, so that the classes and pools a first session needs are loaded before measuring. */
  private static void warmUp(HttpClient http, URI url) throws Exception {
    for (int i = 0; i < 50; i++) delete(http, url, session(http, url, i));
  }

  /** A session that initialized and made a read and a write call; its id. */
  private static String session(HttpClient http, URI url, int i) throws Exception {
    HttpResponse<String> init = post(http, url, null, INITIALIZE);
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new IOException("no session id: " + init.body()));
    post(http, url, id, INITIALIZED);
    check(post(http, url, id, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}"));
    if (!CALLS) return id;
    check(post(http, url, id, call(2, "get_t3", "{\"id\":2}")));
    check(post(http, url, id, call(3, "close_t7", "{\"id\":" + (1 + i % 5) + "}")));
    return id;
  }

  /** The same with the MCP SDK's own client (its own HTTP client, its event stream), left open. */
  private static McpSyncClient sdkSession(URI url, int i) {
    McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder(url.getScheme() + "://" + url.getAuthority())
        .endpoint(url.getPath()).build()).requestTimeout(Duration.ofSeconds(60)).build();
    c.initialize();
    c.listTools();
    if (!CALLS) return c;
    for (McpSchema.CallToolResult r : List.of(
        c.callTool(McpSchema.CallToolRequest.builder("get_t3").arguments(Map.of("id", 2)).build()),
        c.callTool(McpSchema.CallToolRequest.builder("close_t7").arguments(Map.of("id", 1 + i % 5)).build()))) {
      if (Boolean.TRUE.equals(r.isError())) throw new IllegalStateException("call failed: " + r.content());
    }
    return c;
  }

  private static void check(HttpResponse<String> r) throws IOException {
    if (r.statusCode() != 200 || r.body().contains("\"isError\":true")) throw new IOException("call failed: " + r.statusCode() + " " + r.body());
  }

  private static String call(int id, String tool, String args) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + args + "}}";
  }

  private static HttpResponse<String> post(HttpClient http, URI url, String id, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", ACCEPT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (id != null) b.header("Mcp-Session-Id", id);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens the session's event stream (GET), as the SDK's client does after initialize, and leaves it open. */
  private static java.util.concurrent.CompletableFuture<?> stream(HttpClient http, URI url, String id) {
    return http.sendAsync(HttpRequest.newBuilder(url).header("Accept", "text/event-stream").header("Mcp-Session-Id", id).GET().build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static void delete(HttpClient http, URI url, String id) throws Exception {
    http.send(HttpRequest.newBuilder(url).header("Mcp-Session-Id", id).DELETE().build(), HttpResponse.BodyHandlers.discarding());
  }

  /** With {@code -Dawm.histogram=PREFIX}: the child's class histogram into PREFIX-{@code label}.txt (jcmd). */
  private static void histogram(Process child, String label) throws Exception {
    String prefix = System.getProperty("awm.histogram");
    if (prefix == null) return;
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    new ProcessBuilder(jcmd.toString(), Long.toString(child.pid()), "GC.class_histogram")
        .redirectOutput(Path.of(prefix + "-" + label + ".txt").toFile()).start().waitFor();
  }

  /** The child's resident set (KiB), heap used (bytes), live threads and direct buffer bytes after it settled. */
  private static long[] measure(BufferedReader in, PrintWriter out) throws IOException {
    out.println("measure");
    String[] parts = in.readLine().split(" ");
    return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])};
  }

  /** The child: serves the AWM-sized environment and answers "measure" on stdin with "RSS_KIB HEAP_BYTES THREADS DIRECT_BYTES". */
  private static void serve() throws Exception {
    Environment env = Environment.of(AwmSizedEnvironment.definition());
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).port(0).maxSessions(100_000)
        .idleTimeout(Duration.ZERO).build().start()) {
      System.out.println(server.url());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(300);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long direct = 0;
        for (java.lang.management.BufferPoolMXBean p : ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
          if (p.getName().equals("direct")) direct = p.getMemoryUsed();
        }
        System.out.println(rssKb() + " " + heap + " " + Thread.activeCount() + " " + direct);
        System.out.flush();
      }
    }
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
