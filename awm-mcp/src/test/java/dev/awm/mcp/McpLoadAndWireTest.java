package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.runtime.Environment;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** 1,024 concurrent sessions with a raw client, and what travels on the wire for requests that go wrong. */
class McpLoadAndWireTest {
  static final int SESSIONS = 1024;
  final Environment env = Mcp.shop();

  @Test
  void holds1024ConcurrentSessionsEachWithItsOwnDatabase() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).maxSessions(SESSIONS).build().start()) {
      RawHttp raw = new RawHttp(server.url());
      int before = env.liveHandles();

      List<HttpResponse<String>> inits = bounded(SESSIONS, i -> raw.post(null, RawHttp.INITIALIZE));
      List<String> ids = new ArrayList<>();
      for (HttpResponse<String> r : inits) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        ids.add(r.headers().firstValue("mcp-session-id").orElseThrow());
      }
      assertThat(new HashSet<>(ids)).hasSize(SESSIONS);
      for (String id : ids) assertThat(UUID.fromString(id).version()).as("random UUID").isEqualTo(4);
      assertThat(server.liveSessions()).isEqualTo(SESSIONS);
      assertThat(env.liveHandles()).as("a session opens its database at its first tool call").isEqualTo(before);

      HttpResponse<String> refused = raw.post(null, RawHttp.INITIALIZE).join();
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).contains("limit of 1024 live sessions");

      // every session writes its own quantity, then reads its own cart: 1,024 isolated databases
      List<HttpResponse<String>> writes = bounded(SESSIONS, i -> raw.post(ids.get(i),
          RawHttp.toolCall(2, "add_to_cart", Map.of("product_id", 5, "quantity", 1 + i % 7))));
      for (HttpResponse<String> w : writes) assertThat(RawHttp.message(w).toString()).doesNotContain("isError=true");
      assertThat(env.liveHandles()).isEqualTo(before + SESSIONS);
      List<HttpResponse<String>> reads = bounded(SESSIONS, i -> raw.post(ids.get(i), RawHttp.toolCall(3, "get_cart", Map.of())));
      for (int i = 0; i < SESSIONS; i++) {
        assertThat(RawHttp.resultText(reads.get(i))).contains("\"product_id\":5,\"name\":\"Voltix").contains("\"quantity\":" + (1 + i % 7) + ",");
      }

      List<HttpResponse<String>> deletes = bounded(SESSIONS, i -> raw.delete(ids.get(i)));
      for (HttpResponse<String> d : deletes) assertThat(d.statusCode()).isEqualTo(200);
      assertThat(server.liveSessions()).isZero();
      assertThat(env.liveHandles()).isEqualTo(before);
    }
  }

  /** Runs {@code n} requests, at most 64 in flight, and returns their responses in order. */
  private static List<HttpResponse<String>> bounded(int n, Function<Integer, CompletableFuture<HttpResponse<String>>> request)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      all.add(request.apply(i).whenComplete((r, e) -> inFlight.release()));
    }
    List<HttpResponse<String>> out = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : all) out.add(f.join());
    return out;
  }

  @Test
  void unreadableCallParamsAreErrorResultsAndErrorBodiesCarryNoStackTrace() {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      RawHttp raw = new RawHttp(server.url());
      String id = raw.post(null, RawHttp.INITIALIZE).join().headers().firstValue("mcp-session-id").orElseThrow();

      HttpResponse<String> arrayArgs = raw.post(id,
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get_cart\",\"arguments\":[1,2]}}").join();
      assertThat(((Number) RawHttp.message(arrayArgs).get("id")).intValue()).isEqualTo(4);
      assertThat(RawHttp.message(arrayArgs).toString()).contains("isError=true");
      assertThat(RawHttp.resultText(arrayArgs)).contains("arguments of tool 'get_cart' must be a JSON object");
      String longName = "n".repeat(100_000);
      HttpResponse<String> unknownWithArray = raw.post(id,
          "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"" + longName + "\",\"arguments\":[1]}}").join();
      assertThat(RawHttp.resultText(unknownWithArray)).contains("arguments of tools/call must be a JSON object").doesNotContain(longName);
      HttpResponse<String> unknown = raw.post(id, RawHttp.toolCall(7, longName, Map.of("x", 1))).join();
      assertThat(RawHttp.resultText(unknown)).contains("unknown tool '" + "n".repeat(100) + "... (100000 characters)'").doesNotContain(longName);
      HttpResponse<String> stringParams = raw.post(id, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":\"x\"}").join();
      assertThat(RawHttp.resultText(stringParams)).contains("must be an object with 'name' and 'arguments'");

      List<HttpResponse<String>> errors = List.of(
          raw.post(id, "{not json").join(),
          raw.post(null, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\"}").join(),
          raw.post("no-such-session", RawHttp.toolCall(1, "get_cart", Map.of())).join());
      assertThat(errors).extracting(HttpResponse::statusCode).containsExactly(400, 400, 404);
      for (HttpResponse<String> e : errors) {
        assertThat(e.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":")
            .doesNotContain("stackTrace").doesNotContain("Exception");
        assertThat(e.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(e.headers().firstValueAsLong("content-length")).hasValue(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      }
      assertThat(errors.get(2).body()).contains("send initialize to start a new session");
      assertThat(errors.get(2).body()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32000,\"message\":\"no live MCP "
          + "session with this id (it was deleted, expired after its idle timeout, or never existed); send initialize to start a new session\"}}");
      assertThat(raw.delete(id).join().statusCode()).isEqualTo(200);
    }
  }
}
