package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.ParamType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP transport where the SDK falls short, over raw HTTP: event ids, resumption, refusals and their codes. */
class McpTransportConformanceTest {
  static McpEnvironmentServer server;
  static RawHttp raw;
  static String session;

  @BeforeAll
  static void start() {
    server = McpEnvironmentServer.builder(Mcp.shop()).maxRequestBytes(64 << 10).build().start();
    raw = new RawHttp(server.url());
    session = raw.post(null, RawHttp.INITIALIZE).join().headers().firstValue("mcp-session-id").orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpRequest.Builder request(URI url, String version) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", RawHttp.ACCEPT).header("Content-Type", "application/json")
        .header("Mcp-Session-Id", session);
    return version == null ? b : b.header("MCP-Protocol-Version", version);
  }

  private static HttpResponse<String> send(HttpRequest r) {
    return raw.http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).join();
  }

  private static HttpResponse<String> call(String version, int id) {
    return send(request(server.url(), version).POST(HttpRequest.BodyPublishers.ofString(RawHttp.toolCall(id, "get_cart", Map.of()))).build());
  }

  /** The {@code id:} values of an SSE body, in order. */
  private static List<String> ids(String sse) {
    return Stream.of(sse.split("\n")).filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    Map<String, Object> body = (Map<String, Object>) JsonValues.parse(r.body());
    assertThat(body).containsEntry("jsonrpc", "2.0").containsEntry("id", null);
    return (Map<String, Object>) body.get("error");
  }

  @Test
  void everyEventHasItsOwnIdAndNewClientsGetAPrimingEventWithRetry() {
    HttpResponse<String> first = call("2025-11-25", 10);
    HttpResponse<String> second = call("2025-11-25", 11);
    assertThat(first.body()).startsWith("id: ").contains("\nretry: 1000\ndata: \n\n");
    List<String> ids = new ArrayList<>(ids(first.body()));
    ids.addAll(ids(second.body()));
    assertThat(ids).hasSize(4).doesNotHaveDuplicates().noneMatch(id -> id.equals(session));
    assertThat(ids.get(0)).endsWith("-0");
    assertThat(RawHttp.resultText(first)).contains("\"items\"");
    // a client of an older protocol gets no priming event (its parser may not expect empty data), but still unique ids
    HttpResponse<String> old = call("2025-06-18", 12);
    assertThat(old.body()).doesNotContain("retry:").startsWith("id: ");
    assertThat(ids(old.body())).hasSize(1).doesNotContainAnyElementsOf(ids);
  }

  @Test
  void aClientThatLostAResponseStreamResumesItWithLastEventId() throws Exception {
    HttpResponse<String> lost = call("2025-11-25", 20); // as if the connection broke after the priming event
    String priming = ids(lost.body()).get(0);
    HttpResponse<String> resumed = send(HttpRequest.newBuilder(server.url()).header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", session).header("Last-Event-ID", priming).GET().build());
    assertThat(resumed.statusCode()).isEqualTo(200);
    assertThat(resumed.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(ids(resumed.body())).containsExactly(ids(lost.body()).get(1));
    assertThat(((Number) RawHttp.message(resumed).get("id")).intValue()).isEqualTo(20);
    // after the last event there is nothing more: an empty, finished stream
    HttpResponse<String> afterLast = send(HttpRequest.newBuilder(server.url()).header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", session).header("Last-Event-ID", ids(lost.body()).get(1)).GET().build());
    assertThat(afterLast.statusCode()).isEqualTo(200);
    assertThat(afterLast.body()).isEmpty();
  }

  @Test
  void whatASessionKeepsForResumptionStaysBoundedHoweverLargeItsAnswers() {
    Environment env = EnvironmentBuilder.create("Big answers", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("big", "").param("size", ParamType.INTEGER, true, "characters"))
        .javaTools("import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class Big {\n  public Big(Db db) {}\n"
            + "  public Object big(Args a) { return \"x\".repeat((int) a.getLong(\"size\").longValue()); }\n}\n")
        .environment().build();
    try (McpEnvironmentServer big = McpEnvironmentServer.builder(env).build().start()) {
      RawHttp http = new RawHttp(big.url());
      String own = http.post(null, RawHttp.INITIALIZE).join().headers().firstValue("mcp-session-id").orElseThrow();
      java.util.function.IntFunction<List<String>> call = size -> ids(send(HttpRequest.newBuilder(big.url())
          .header("Accept", RawHttp.ACCEPT).header("Content-Type", "application/json").header("Mcp-Session-Id", own)
          .header("MCP-Protocol-Version", "2025-11-25")
          .POST(HttpRequest.BodyPublishers.ofString(RawHttp.toolCall(size, "big", Map.of("size", size)))).build()).body());
      java.util.function.Function<String, Integer> resume = id -> send(HttpRequest.newBuilder(big.url())
          .header("Accept", "text/event-stream").header("Mcp-Session-Id", own).header("Last-Event-ID", id).GET().build()).statusCode();
      int size = (int) (ResumableStreams.SESSION_KEPT_BYTES / 3);
      List<List<String>> large = new ArrayList<>();
      for (int i = 0; i < 5; i++) large.add(call.apply(size + i)); // together more than the budget, fewer than STREAMS_KEPT
      // the budget counts the ended streams before the newest, when the next one opens: four of a third of it each were
      // three over it when the fifth opened, so the oldest went
      assertThat(resume.apply(large.get(0).get(0))).as("the oldest large answer is no longer kept").isEqualTo(400);
      for (int i = 1; i < 5; i++) assertThat(resume.apply(large.get(i).get(0))).as("large answer %d", i).isEqualTo(200);
      // small answers after them: the first drops the oldest large ones until the rest fit, and all small ones are kept
      List<String> small = new ArrayList<>();
      for (int i = 0; i < 3; i++) small.add(call.apply(10 + i).get(0));
      for (String priming : small) assertThat(resume.apply(priming)).as(priming).isEqualTo(200);
      assertThat(resume.apply(large.get(1).get(0))).isEqualTo(400);
      assertThat(resume.apply(large.get(2).get(0))).isEqualTo(400);
      assertThat(resume.apply(large.get(3).get(0))).isEqualTo(200);
      assertThat(resume.apply(large.get(4).get(0))).isEqualTo(200);
      // a tool list is not kept (a client asks again: listing changes nothing), though its events have ids
      List<String> list = ids(send(HttpRequest.newBuilder(big.url()).header("Accept", RawHttp.ACCEPT).header("Content-Type", "application/json")
          .header("Mcp-Session-Id", own).header("MCP-Protocol-Version", "2025-11-25")
          .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")).build()).body());
      assertThat(list).hasSize(2);
      assertThat(resume.apply(list.get(0))).isEqualTo(400);
    }
  }

  @Test
  void theGetStreamIsResumableAndUnknownEventIdsAreRefusedClearly() throws Exception {
    HttpRequest get = HttpRequest.newBuilder(server.url()).header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
        .header("MCP-Protocol-Version", "2025-11-25").GET().build();
    HttpResponse<Stream<String>> open = raw.http.send(get, HttpResponse.BodyHandlers.ofLines());
    assertThat(open.statusCode()).isEqualTo(200);
    Iterator<String> lines = open.body().iterator();
    String primingId = lines.next().substring(3).trim();
    assertThat(lines.next()).isEqualTo("retry: 1000");
    open.body().close(); // the connection is lost
    HttpResponse<Stream<String>> again = raw.http.send(HttpRequest.newBuilder(server.url()).header("Accept", "text/event-stream")
        .header("Mcp-Session-Id", session).header("Last-Event-ID", primingId).GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(again.statusCode()).isEqualTo(200); // the same stream goes on on the new connection
    again.body().close();

    for (String unknown : List.of("999-0", "garbage", primingId.replace("-0", "-7"))) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(server.url()).header("Accept", "text/event-stream")
          .header("Mcp-Session-Id", session).header("Last-Event-ID", unknown).GET().build());
      assertThat(r.statusCode()).as(unknown).isEqualTo(400);
      assertThat(error(r).get("message").toString()).contains("cannot resume after event").contains("GET without Last-Event-ID");
    }
  }

  @Test
  void aLoneSurrogateInAnAnswerIsAJsonEscapeInValidUtf8() throws Exception {
    // tool code can make text with half a surrogate pair; here the tool's error echoes an argument's value
    String call = "{\"jsonrpc\":\"2.0\",\"id\":60,\"method\":\"tools/call\",\"params\":{\"name\":\"get_product\","
        + "\"arguments\":{\"product_id\":\"\\ud800 lone\"}}}"; // the surrogate escaped in the request, as JSON allows
    HttpResponse<byte[]> r = raw.http.send(request(server.url(), "2025-06-18").POST(HttpRequest.BodyPublishers.ofString(call)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    String body = StandardCharsets.UTF_8.newDecoder() // strict: malformed bytes throw
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(r.body())).toString();
    assertThat(body).containsIgnoringCase("\\ud800 lone").doesNotContain("?");
    String data = body.lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow().substring(6);
    @SuppressWarnings("unchecked")
    Map<String, Object> result = (Map<String, Object>) ((Map<String, Object>) JsonValues.parse(data)).get("result");
    String text = (String) ((Map<?, ?>) ((List<?>) result.get("content")).get(0)).get("text");
    assertThat(((Map<?, ?>) JsonValues.parse(text)).get("error").toString()).contains("\ud800 lone");
  }

  @Test
  void answersDoNotNameTheServersSoftwareOrVersion() {
    // answered by the fast path, by the SDK's path and by a refusal
    HttpResponse<String> fast = call("2025-06-18", 40);
    HttpResponse<String> refused = call("1999-01-01", 41);
    HttpResponse<String> sdk = send(request(server.url(), "2025-06-18").POST(HttpRequest.BodyPublishers.ofString(
        "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"ping\"}")).build());
    for (HttpResponse<String> r : List.of(fast, refused, sdk)) {
      assertThat(r.headers().firstValue("server")).as(r.body()).isEmpty();
      assertThat(r.headers().firstValue("date")).isPresent(); // an origin server with a clock sends Date (RFC 9110)
    }
    assertThat(List.of(fast.statusCode(), refused.statusCode(), sdk.statusCode())).containsExactly(200, 400, 200);
  }

  @Test
  void anUnsupportedProtocolVersionIsRefusedWith400() {
    HttpResponse<String> r = call("1999-01-01", 30);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(error(r)).containsEntry("code", -32000L);
    assertThat(error(r).get("message").toString()).contains("unsupported MCP-Protocol-Version '1999-01-01'").contains("2025-06-18");
    assertThat(call("2025-03-26", 31).statusCode()).isEqualTo(200);
    assertThat(call(null, 32).statusCode()).isEqualTo(200);
  }

  @Test
  void parseErrorsAndInvalidRequestsHaveTheirJsonRpcCodes() {
    Map<String, Long> codes = Map.of(
        "{not json", -32700L,
        "", -32700L,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} trailing", -32700L,
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]", -32600L,
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}", -32600L,
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"tools/list\"}", -32600L,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", -32600L,
        "{\"jsonrpc\":\"2.0\",\"id\":1}", -32600L,
        "42", -32600L);
    codes.forEach((body, code) -> {
      HttpResponse<String> r = send(request(server.url(), null).POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(error(r)).as(body).containsEntry("code", code);
    });
  }

  @Test
  void transportErrorsAreJsonRpcErrorsWithTheirHttpStatus() throws Exception {
    String call = RawHttp.toolCall(40, "get_cart", Map.of());
    HttpResponse<String> put = send(request(server.url(), null).PUT(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("allow")).hasValue("GET, POST, DELETE");
    assertThat(error(put).get("message").toString()).contains("PUT");

    HttpResponse<String> jsonOnly = send(request(server.url(), null).setHeader("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(jsonOnly.statusCode()).isEqualTo(406);
    assertThat(error(jsonOnly).get("message").toString()).contains("text/event-stream");
    HttpResponse<String> getJson = send(HttpRequest.newBuilder(server.url()).header("Accept", "application/json")
        .header("Mcp-Session-Id", session).GET().build());
    assertThat(getJson.statusCode()).isEqualTo(406);

    HttpResponse<String> text = send(request(server.url(), null).setHeader("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(error(text).get("message").toString()).contains("application/json");
    // headers of separators only (the connection used to be dropped without an answer)
    HttpResponse<String> noRange = send(request(server.url(), null).setHeader("Accept", ";")
        .POST(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(noRange.statusCode()).isEqualTo(406);
    HttpResponse<String> noType = send(request(server.url(), null).setHeader("Content-Type", ";")
        .POST(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(noType.statusCode()).isEqualTo(415);

    HttpResponse<String> noSession = send(HttpRequest.newBuilder(server.url()).header("Accept", RawHttp.ACCEPT)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(noSession.statusCode()).isEqualTo(400);
    assertThat(error(noSession).get("message").toString()).contains("Mcp-Session-Id header required");

    HttpResponse<String> unknown = send(request(server.url(), null).setHeader("Mcp-Session-Id", "no-such-session")
        .POST(HttpRequest.BodyPublishers.ofString(call)).build());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown).get("message").toString()).contains("send initialize to start a new session");

    String big = RawHttp.toolCall(41, "search_products", Map.of("query", "x".repeat(100_000)));
    HttpResponse<String> sized = send(request(server.url(), null).POST(HttpRequest.BodyPublishers.ofString(big)).build());
    HttpResponse<String> chunked = send(request(server.url(), null).POST(HttpRequest.BodyPublishers.ofInputStream(
        () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build());
    for (HttpResponse<String> r : List.of(sized, chunked)) {
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(error(r).get("message").toString()).contains("limit of 65536 bytes");
    }

    HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(server.url().resolve("/other")).GET().build());
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(error(elsewhere).get("message").toString()).contains("/mcp");
  }

  @Test
  void oversizedBodiesGetARefusalTheClientCanRead() throws Exception {
    // the server once closed on the unread rest of the body, and the reset lost the 413 now and then
    String big = RawHttp.toolCall(42, "search_products", Map.of("query", "y".repeat(150_000)));
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> sized = send(request(server.url(), null).POST(HttpRequest.BodyPublishers.ofString(big)).build());
      HttpResponse<String> chunked = send(request(server.url(), null).POST(HttpRequest.BodyPublishers.ofInputStream(
          () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))).build());
      HttpResponse<String> wrongType = send(request(server.url(), null).setHeader("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString(big)).build());
      assertThat(List.of(sized.statusCode(), chunked.statusCode(), wrongType.statusCode())).as("round " + i).containsExactly(413, 413, 415);
    }
    // declared past the drain bound (four times the limit): refused before a byte of the body is sent
    try (java.net.Socket socket = new java.net.Socket(server.url().getHost(), server.url().getPort())) {
      socket.setSoTimeout(30_000);
      String head = "POST " + server.url().getPath() + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + RawHttp.ACCEPT
          + "\r\nContent-Type: application/json\r\nMcp-Session-Id: " + session + "\r\nContent-Length: 1000000000\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 413").contains("limit of 65536 bytes");
    }
  }
}
