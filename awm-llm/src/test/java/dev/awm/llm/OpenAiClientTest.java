package dev.awm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.internal.JsonValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a local server speaking the OpenAI and Azure wire formats. */
class OpenAiClientTest {
  private MockWebServer server;
  private OpenAiClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(0);
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    server.close();
  }

  private LlmConfig.Builder config() {
    return LlmConfig.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test").model("gpt-test")
        .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5));
  }

  static String completion(String content, long prompt, long completion) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-test-2026\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":" + JsonValues.write(content) + "},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":" + (prompt + completion) + "}}";
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static ChatRequest hello() {
    return ChatRequest.builder().user("hello").build();
  }

  @Test
  void speaksTheOpenAiWireFormatWithToolCalls() throws Exception {
    client = OpenAiClient.create(config().build());
    server.enqueue(ok("{\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\"call_7\",\"type\":\"function\",\"function\":{\"name\":\"get_book\",\"arguments\":\"{\\\"book_id\\\": 3}\"}}]},"
        + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":9}}"));
    ChatRequest req = ChatRequest.builder()
        .system("You are a shop assistant.")
        .user("Tell me about book 3")
        .message(ChatMessage.assistant(null, List.of(new ModelToolCall("call_1", "search_books", "{\"query\":\"Dune\"}"))))
        .message(ChatMessage.tool("call_1", "{\"books\":[]}"))
        .tool(new FunctionTool("get_book", "Get a book", Map.of("type", "object", "properties", Map.of("book_id", Map.of("type", "integer")))))
        .toolChoice("get_book")
        .temperature(0.2).maxTokens(256).jsonResponse(true)
        .purpose("stage", "agent")
        .build();
    ChatResponse r = client.chat(req);
    assertThat(r.content()).isNull();
    assertThat(r.toolCalls()).containsExactly(new ModelToolCall("call_7", "get_book", "{\"book_id\": 3}"));
    assertThat(r.finishReason()).isEqualTo("tool_calls");
    assertThat(r.usage()).isEqualTo(new Usage(31, 9));

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/chat/completions");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test");
    @SuppressWarnings("unchecked")
    Map<String, Object> body = (Map<String, Object>) JsonValues.parse(sent.getBody().utf8());
    assertThat(body).containsEntry("model", "gpt-test").containsEntry("temperature", 0.2).containsEntry("max_tokens", 256L)
        .containsEntry("response_format", Map.of("type", "json_object"))
        .containsEntry("tool_choice", Map.of("type", "function", "function", Map.of("name", "get_book")))
        .doesNotContainKey("purpose");
    assertThat(JsonValues.write(body.get("messages"))).isEqualTo("[{\"role\":\"system\",\"content\":\"You are a shop assistant.\"},"
        + "{\"role\":\"user\",\"content\":\"Tell me about book 3\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
        + "[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"search_books\",\"arguments\":\"{\\\"query\\\":\\\"Dune\\\"}\"}}]},"
        + "{\"role\":\"tool\",\"content\":\"{\\\"books\\\":[]}\",\"tool_call_id\":\"call_1\"}]");
    assertThat(JsonValues.write(body.get("tools"))).contains("\"type\":\"function\"").contains("\"name\":\"get_book\"")
        .contains("\"parameters\":{").contains("\"book_id\":{\"type\":\"integer\"}");
    assertThat(client.stats().snapshot()).isEqualTo(new LlmStats.Snapshot(1, 0, 0, 31, 9));
  }

  @Test
  void speaksAzure() throws Exception {
    client = OpenAiClient.create(config().provider(LlmConfig.Provider.AZURE).azureEndpoint(server.url("/").toString())
        .apiKey("azure-key").model("my-deployment").build());
    server.enqueue(ok("{\"model\":\"gpt-5\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"list_orders\",\"arguments\":\"{}\"}}]},"
        + "\"finish_reason\":\"tool_calls\",\"content_filter_results\":{}}],\"prompt_filter_results\":[],"
        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"));
    ChatResponse r = client.chat(hello());
    assertThat(r.toolCalls()).containsExactly(new ModelToolCall("call_a", "list_orders", "{}"));
    assertThat(r.usage().totalTokens()).isEqualTo(4);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21");
    assertThat(sent.getHeaders().get("api-key")).isEqualTo("azure-key");
    assertThat(sent.getHeaders().get("Authorization")).isNull();
    assertThat(sent.getBody().utf8()).doesNotContain("\"model\"");
  }

  @Test
  void retriesA429AfterRetryAfter() {
    client = OpenAiClient.create(config().build());
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
        .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").build());
    server.enqueue(ok(completion("after the wait", 5, 2)));
    long start = System.nanoTime();
    assertThat(client.chat(hello()).content()).isEqualTo("after the wait");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(client.stats().snapshot()).isEqualTo(new LlmStats.Snapshot(2, 1, 0, 5, 2));
  }

  @Test
  void retries500sThenSucceeds() {
    client = OpenAiClient.create(config().build());
    server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{\"message\":\"boom\"}}").build());
    server.enqueue(new MockResponse.Builder().code(503).body("upstream unavailable").build());
    server.enqueue(ok(completion("third time", 1, 1)));
    assertThat(client.chat(hello()).content()).isEqualTo("third time");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(client.stats().snapshot().retries()).isEqualTo(2);
  }

  @Test
  void givesUpAfterTheRetriesWithTheLastStatus() {
    client = OpenAiClient.create(config().maxRetries(2).build());
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse.Builder().code(502).body("bad gateway").build());
    assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(LlmException.class)
        .hasMessageContaining("HTTP 502: bad gateway (after 3 attempts)")
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isTrue());
    assertThat(client.stats().snapshot().failures()).isEqualTo(1);
  }

  @Test
  void doesNotRetryA401AndShowsTheServersMessage() {
    client = OpenAiClient.create(config().build());
    server.enqueue(new MockResponse.Builder().code(401)
        .body("{\"error\":{\"message\":\"Incorrect API key provided: sk-test.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}").build());
    assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(LlmException.class)
        .hasMessageContaining("HTTP 401: Incorrect API key provided: sk-test.")
        .satisfies(e -> assertThat(((LlmException) e).status()).isEqualTo(401));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aMalformedBodyIsAClearErrorNotARetryLoop() {
    client = OpenAiClient.create(config().build());
    server.enqueue(ok("<html>gateway says hi</html>"));
    assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(LlmException.class)
        .hasMessageContaining("malformed response: not JSON").hasMessageContaining("<html>gateway says hi</html>");
    server.enqueue(ok("{\"choices\": []}"));
    assertThatThrownBy(() -> client.chat(hello())).hasMessageContaining("malformed response: no choices[0]");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSlowServerHitsTheTimeoutOnceAndIsNotAskedAgain() {
    client = OpenAiClient.create(config().timeout(Duration.ofMillis(300)).maxRetries(3).build());
    for (int i = 0; i < 2; i++) {
      server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body(completion("late", 1, 1)).build());
    }
    // the message says the client's timeout ended the attempt (not the server's answer); how fast is the machine's business
    assertThatThrownBy(() -> client.chat(hello())).isInstanceOf(LlmException.class)
        .hasMessageContaining("timed out after 300 ms").hasMessageContaining(LlmConfig.TIMEOUT_VARIABLE)
        .satisfies(e -> assertThat(((LlmException) e).retryable()).isFalse());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void timeoutsComeFromTheBuilderOrTheEnvironmentAndAreChecked() {
    LlmConfig d = LlmConfig.builder().apiKey("k").build();
    assertThat(d.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    LlmConfig e = LlmConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "k", "AWM_SYN_OVERRIDE_MODEL", "m", LlmConfig.TIMEOUT_VARIABLE, "90",
        LlmConfig.CONNECT_TIMEOUT_VARIABLE, "2.5"));
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(e.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("OPENAI_API_KEY", "k", "AWM_SYN_OVERRIDE_MODEL", "m", LlmConfig.TIMEOUT_VARIABLE, "soon")))
        .isInstanceOf(LlmException.class).hasMessageContaining(LlmConfig.TIMEOUT_VARIABLE).hasMessageContaining("soon");
    assertThatThrownBy(() -> LlmConfig.builder().apiKey("k").connectTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout");
  }

  @Test
  void aThousandAsyncCallsUseNoMoreThreadsThanRequestsInFlight() throws Exception {
    client = OpenAiClient.create(config().maxInFlight(4).build());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(completion("ok", 1, 1)).build();
      }
    });
    List<CompletableFuture<ChatResponse>> futures = new ArrayList<>();
    for (int i = 0; i < 1000; i++) futures.add(client.chatAsync(hello()));
    long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("awm-llm-async")).count();
    for (CompletableFuture<ChatResponse> f : futures) assertThat(f.get(60, TimeUnit.SECONDS).text()).isEqualTo("ok");
    assertThat(threads).isBetween(1L, 4L);
    assertThat(server.getRequestCount()).isEqualTo(1000);
  }

  @Test
  void aRequestCanShortenItsOwnTimeout() {
    client = OpenAiClient.create(config().maxRetries(0).build());
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).body(completion("late", 1, 1)).build());
    ChatRequest quick = ChatRequest.builder().user("hi").timeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> client.chat(quick)).hasMessageContaining("timed out after 200 ms");
  }

  @Test
  void theInFlightBoundHoldsUnderFiftyConcurrentCalls() throws Exception {
    client = OpenAiClient.create(config().maxInFlight(4).build());
    AtomicInteger active = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        int now = active.incrementAndGet();
        peak.accumulateAndGet(now, Math::max);
        two.countDown();
        two.await(10, TimeUnit.SECONDS); // the first calls wait for a second one in flight, however slow the machine
        Thread.sleep(40);
        active.decrementAndGet();
        return ok(completion("ok", 10, 5));
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<ChatResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 50; i++) futures.add(pool.submit(() -> client.chat(hello())));
      for (Future<ChatResponse> f : futures) assertThat(f.get(30, TimeUnit.SECONDS).content()).isEqualTo("ok");
    } finally {
      pool.shutdownNow();
    }
    assertThat(peak.get()).isBetween(2, 4);
    assertThat(client.stats().snapshot()).isEqualTo(new LlmStats.Snapshot(50, 0, 0, 500, 250));
  }

  @Test
  void cancellingAnAsyncCallStopsIt() throws Exception {
    client = OpenAiClient.create(config().build());
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS).body(completion("late", 1, 1)).build());
    CompletableFuture<ChatResponse> f = client.chatAsync(hello());
    assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(f.isDone()).as("finished early: %s", f.isDone() ? f.handle((v, e) -> v + " / " + e).join() : "").isFalse();
    assertThat(f.cancel(true)).isTrue();
    assertThat(f.isCancelled()).isTrue();
    Thread.sleep(200); // not a synchronisation: a cancelled call must not be retried, now or later
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void asyncCallsComplete() throws Exception {
    client = OpenAiClient.create(config().build());
    server.enqueue(ok(completion("async", 1, 1)));
    assertThat(client.chatAsync(hello()).get(5, TimeUnit.SECONDS).content()).isEqualTo("async");
  }

  @Test
  void embeddings() throws Exception {
    client = OpenAiClient.create(config().embeddingApiKey("emb-key").build());
    server.enqueue(ok("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.0,1.0]},"
        + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,0.5]}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":4}}"));
    List<float[]> v = client.embed(List.of("a shop", "a bank"));
    assertThat(v.get(0)).containsExactly(1.0f, 0.5f);
    assertThat(v.get(1)).containsExactly(0.0f, 1.0f);
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getTarget()).isEqualTo("/v1/embeddings");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer emb-key");
    assertThat(sent.getBody().utf8()).isEqualTo("{\"model\":\"text-embedding-3-small\",\"input\":[\"a shop\",\"a bank\"]}");
  }

  @Test
  void theCacheAnswersTheSecondRunWithoutCalls(@TempDir Path dir) {
    client = OpenAiClient.create(config().build());
    server.enqueue(ok(completion("cached answer", 7, 3)));
    ChatRequest req = ChatRequest.builder().system("s").user("generate tasks").purpose("stage", "tasks").purpose("scenario", "shop").build();
    CachingChatModel first = new CachingChatModel(client, dir, "gpt-test");
    assertThat(first.chat(req).content()).isEqualTo("cached answer");
    assertThat(first.chat(req).content()).isEqualTo("cached answer");
    assertThat(first.hits()).isEqualTo(1);
    CachingChatModel second = new CachingChatModel(client, dir, "gpt-test");
    ChatResponse again = second.chat(ChatRequest.builder().system("s").user("generate tasks").purpose("stage", "tasks").purpose("scenario", "shop").build());
    assertThat(again).isEqualTo(new ChatResponse("cached answer", List.of(), "stop", new Usage(7, 3), "gpt-test-2026", true));
    assertThat(second.hits()).isEqualTo(1);
    assertThat(second.misses()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
    // a different request is a miss
    server.enqueue(ok(completion("other", 1, 1)));
    assertThat(second.chat(ChatRequest.builder().user("something else").build()).content()).isEqualTo("other");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
