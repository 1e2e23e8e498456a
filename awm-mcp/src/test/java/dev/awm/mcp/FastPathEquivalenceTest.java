package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.AwmDirectory;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.StarterPack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport's fast path ({@link FastToolCalls}) answers what the SDK's path answers: the same
 * requests, sent to a server with the fast path and to one without, get the same status, content
 * type and body (JSON-RPC result, event ids, priming), count the same calls and log the same lines.
 */
class FastPathEquivalenceTest {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir
  static Path dir;

  /** The params of tools/call requests, in order: successes, tool errors, unknown tools, bad arguments, episode control. */
  static final List<String> CALLS = List.of(
      "{\"name\":\"get_product\",\"arguments\":{\"product_id\":3}}",
      "{\"name\":\"get_product\",\"arguments\":{\"product_id\":99999}}",
      "{\"name\":\"no_such_tool\",\"arguments\":{}}",
      "{\"name\":\"awm_unknown_tool\",\"arguments\":{\"x\":1}}",
      "{\"name\":\"\",\"arguments\":{}}",
      "{\"name\":\"get_product\",\"arguments\":{\"product_id\":\"x\"}}",
      "{\"name\":\"get_product\",\"arguments\":{\"product_id\":3,\"extra\":[1,2.5,null,{\"a\":true}]}}",
      "{\"name\":\"get_product\",\"arguments\":{\"product_id\":12345678901234567890}}",
      "{\"name\":\"get_product\"}",
      "{\"name\":\"get_product\",\"arguments\":null}",
      "{\"name\":\"get_product\",\"arguments\":[1]}",
      "{\"arguments\":{}}",
      "{\"name\":7}",
      "{\"name\":\"search_products\",\"arguments\":{\"query\":\"caf\u00e9 \u2603 \\\"quoted\\\"\"}}",
      "{\"name\":\"add_to_cart\",\"arguments\":{\"product_id\":5,\"quantity\":2}}",
      "{\"name\":\"get_cart\",\"arguments\":{}}",
      "{\"name\":\"awm_reset\",\"arguments\":{\"task\":0}}",
      "{\"name\":\"get_cart\",\"arguments\":{}}",
      "{\"name\":\"awm_reward\",\"arguments\":{\"task\":0,\"final_answer\":\"\"}}",
      "{\"name\":\"awm_reset\",\"arguments\":{\"task\":99999}}",
      "{\"name\":\"awm_reward\",\"arguments\":{\"bogus\":1}}",
      "{\"name\":\"get_product\",\"arguments\":{\"product_id\":4},\"_meta\":{\"progressToken\":\"p\"}}");

  /** Whole requests: the tool list, other ids, and what goes on to the SDK on both servers. */
  static final List<String> OTHERS = List.of(
      "{\"jsonrpc\":\"2.0\",\"id\":500,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":501,\"method\":\"tools/list\",\"params\":{}}",
      "{\"jsonrpc\":\"2.0\",\"id\":502,\"method\":\"tools/list\",\"params\":{\"cursor\":\"abc\"}}",
      "{\"jsonrpc\":\"2.0\",\"id\":\"a-string-id\",\"method\":\"tools/call\",\"params\":{\"name\":\"get_cart\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":98765432109876543210,\"method\":\"tools/call\",\"params\":{\"name\":\"get_cart\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":-7,\"method\":\"tools/call\",\"params\":{\"name\":\"get_cart\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"get_cart\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":503,\"method\":\"ping\"}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}");

  /** One exchange as compared: status, content type, body. */
  record Answer(int status, String contentType, String body) {
    /** The same with session id {@code session} in the body written SESSION (another server gives its session another id). */
    Answer without(String session) {
      return new Answer(status, contentType, body.replace(session, "SESSION"));
    }
  }

  @Test
  void toolCallsListsAndEpisodeControlGetTheSameAnswersCountsAndLogs() throws Exception {
    try (McpEnvironmentServer fast = McpEnvironmentServer.builder(Mcp.shop()).episodeControl(true).runDirectory(dir.resolve("fast")).build().start();
        McpEnvironmentServer sdk = McpEnvironmentServer.builder(Mcp.shop()).episodeControl(true).runDirectory(dir.resolve("sdk"))
            .fastPath(false).build().start()) {
      for (String version : new String[] {"2025-11-25", "2025-06-18", null}) {
        List<Answer> viaFast = conversation(fast.url(), version, true);
        List<Answer> viaSdk = conversation(sdk.url(), version, false);
        for (int i = 0; i < viaSdk.size(); i++) assertThat(viaFast.get(i)).as("exchange %d, protocol %s", i, version).isEqualTo(viaSdk.get(i));
      }
      Map<String, Object> fastStats = stats(fast.url()), sdkStats = stats(sdk.url());
      assertThat(fastStats.get("calls")).isEqualTo(sdkStats.get("calls")).isNotEqualTo(0L);
      assertThat(fastStats.get("errors")).isEqualTo(sdkStats.get("errors")).isNotEqualTo(0L);
      assertThat(logLines(dir.resolve("fast"))).isEqualTo(logLines(dir.resolve("sdk"))).anyMatch(l -> l.contains("call get_product {\"product_id\":3}"));
    }
  }

  @Test
  void aServerOfManyAnswersTheSameAndLeavesAnotherEnvironmentsEndpointToTheSdk() throws Exception {
    Path awm = dir.resolve("awm");
    AwmDirectory.write(awm, StarterPack.definitions());
    try (McpEnvironmentServer fast = McpEnvironmentServer.builder(EnvironmentCatalog.load(awm)).build().start();
        McpEnvironmentServer sdk = McpEnvironmentServer.builder(EnvironmentCatalog.load(awm)).fastPath(false).build().start()) {
      List<Answer> viaFast = new ArrayList<>(), viaSdk = new ArrayList<>();
      for (McpEnvironmentServer server : List.of(fast, sdk)) {
        List<Answer> out = server == fast ? viaFast : viaSdk;
        String session = initialize(server.url("e_commerce"), "2025-11-25");
        initialize(server.url("calendar_booking"), "2025-11-25"); // compiled, so its endpoint knows no such session
        for (URI url : List.of(server.url("e_commerce"), server.url("calendar_booking"))) {
          out.add(post(url, session, "2025-11-25", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").without(session));
          out.add(post(url, session, "2025-11-25", call(2, CALLS.get(0))).without(session));
          out.add(post(url, session, "2025-11-25", call(3, CALLS.get(2))).without(session));
        }
        assertThat(out.get(1).body()).contains("KES-SP1");
      }
      for (int i = 0; i < viaSdk.size(); i++) assertThat(viaFast.get(i)).as("exchange %d", i).isEqualTo(viaSdk.get(i));
      assertThat(viaSdk.get(3).status()).as("another environment's endpoint").isEqualTo(404);
    }
  }

  @Test
  void aSessionDeletedOnceARequestTookItIsAnsweredTheSameOnBothPaths() throws Exception {
    try (McpEnvironmentServer fast = McpEnvironmentServer.builder(Mcp.shop()).build().start();
        McpEnvironmentServer sdk = McpEnvironmentServer.builder(Mcp.shop()).fastPath(false).build().start()) {
      List<Answer> viaFast = new ArrayList<>(), viaSdk = new ArrayList<>();
      for (McpEnvironmentServer server : List.of(fast, sdk)) {
        URI url = server.url();
        AtomicBoolean armed = new AtomicBoolean();
        List<Integer> deletes = new CopyOnWriteArrayList<>();
        // the session's client deletes it (a whole DELETE, through Jetty's in-process connector: the hook runs on
        // the front loop, which a DELETE over the socket would wait for) right after the request took it
        org.eclipse.jetty.server.LocalConnector local = java.util.Arrays.stream(server.running().front().jetty().getConnectors())
            .filter(org.eclipse.jetty.server.LocalConnector.class::isInstance).map(org.eclipse.jetty.server.LocalConnector.class::cast)
            .findFirst().orElseThrow();
        server.running().registry().takenHook = s -> {
          if (!armed.getAndSet(false)) return;
          try {
            String response = local.getResponse("DELETE " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                + "\r\nMcp-Session-Id: " + s.id + "\r\nConnection: close\r\n\r\n", 10, java.util.concurrent.TimeUnit.SECONDS);
            deletes.add(Integer.parseInt(response.substring(9, 12)));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
        for (String body : List.of(call(1, CALLS.get(0)), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")) {
          String session = initialize(url, "2025-11-25");
          armed.set(true);
          Answer answer = post(url, session, "2025-11-25", body);
          assertThat(armed.get()).as("the request took its session").isFalse();
          (server == fast ? viaFast : viaSdk).add(answer.without(session));
          assertThat(answer).as("as a request sent after the DELETE").isEqualTo(post(url, session, "2025-11-25", body));
        }
        assertThat(deletes).containsExactly(200, 200);
        assertThat(server.liveSessions()).isZero();
      }
      assertThat(viaFast).isEqualTo(viaSdk).allSatisfy(a -> assertThat(a.status()).isEqualTo(404));
      assertThat(fast.running().front().jetty().getDescendant(FastToolHandler.class).answered()).isZero();
    }
  }

  /** Initializes a session, sends every request, deletes the session and calls once more. */
  static List<Answer> conversation(URI url, String version, boolean fastPath) throws Exception {
    String session = initialize(url, version);
    List<Answer> out = new ArrayList<>();
    for (int i = 0; i < CALLS.size(); i++) {
      HttpResponse<String> r = send(url, session, version, call(10 + i, CALLS.get(i)));
      out.add(answer(r));
      boolean readable = !CALLS.get(i).contains("[1]}") && CALLS.get(i).contains("\"name\":\"");
      assertThat(r.headers().firstValue("content-length").isPresent()).as("written whole: %s", CALLS.get(i)).isEqualTo(fastPath && readable);
    }
    for (String body : OTHERS) out.add(post(url, session, version, body));
    HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(url).header("Mcp-Session-Id", session).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(200);
    out.add(post(url, session, version, call(999, CALLS.get(0))));
    assertThat(out.get(out.size() - 1).status()).isEqualTo(404);
    return out;
  }

  static String call(int id, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":" + params + "}";
  }

  static String initialize(URI url, String version) throws Exception {
    String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + (version == null ? "2025-06-18" : version) + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    HttpResponse<String> r = send(url, null, null, init);
    assertThat(r.statusCode()).isEqualTo(200);
    String session = r.headers().firstValue("mcp-session-id").orElseThrow();
    assertThat(send(url, session, version, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode()).isEqualTo(202);
    return session;
  }

  static Answer post(URI url, String session, String version, String body) throws Exception {
    return answer(send(url, session, version, body));
  }

  static HttpResponse<String> send(URI url, String session, String version, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", RawHttp.ACCEPT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) b.header("Mcp-Session-Id", session);
    if (version != null) b.header("MCP-Protocol-Version", version);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Answer answer(HttpResponse<String> r) {
    return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> stats(URI url) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url.resolve("/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
    return (Map<String, Object>) JsonValues.parse(r.body());
  }

  /** Every session's server.log, each line without its time and the session's id; sorted (the sessions ran one after another). */
  static List<String> logLines(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> logs = Files.walk(root)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().equals("server.log")).toList()) {
        StringBuilder one = new StringBuilder();
        for (String line : Files.readAllLines(log)) {
          one.append(line.substring(line.indexOf(' ') + 1).replace(log.getParent().getFileName().toString(), "SESSION")).append('\n');
        }
        out.add(one.toString());
      }
    }
    out.sort(null);
    return out;
  }
}
