package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.Scenario;
import dev.awm.llm.ChatModel;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.HashingEmbeddings;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import dev.awm.llm.internal.Prompts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Stage 1 asks for candidates in parallel waves, accepts them in request order whatever order the
 * replies come in, and runs against a reasoning model over HTTP (the classifier's temperature 0 is
 * refused once, then left out).
 */
class ScenarioWavesTest {
  private static final String[] DOMAINS = {"bakery orders", "kennel bookings", "boat repairs", "choir rehearsals", "crane rentals",
      "tattoo appointments", "seed library loans", "drone inspections", "wedding seating", "museum loans", "ferry tickets",
      "beehive logs", "ice rink slots", "piano tuning visits", "laundry pickups", "escape room bookings"};

  /** Four candidates per request, distinct across requests: round r offers domains 4r..4r+3. */
  static String candidates(int round) {
    List<Map<String, String>> list = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String d = DOMAINS[(4 * round + i) % DOMAINS.length];
      list.add(Map.of("name", "App " + round + "-" + i, "description", "Staff record " + d + ", customers look up " + d
          + " and managers approve changes to " + d + " entries (" + round + i + ")."));
    }
    return JsonValues.write(Map.of("scenarios", list));
  }

  static String rating(String name) {
    return JsonValues.write(Map.of("suitability_score", 8, "suitability_level", "high", "categories", List.of("cat " + name),
        "reasoning", "stateful", "simulatable_features", List.of("bookings", "approvals"), "non_simulatable_features", List.of("payments")));
  }

  private static List<Scenario> seeds() {
    return List.of(new Scenario("Amazon", "Shoppers browse products, fill carts, place and track orders."));
  }

  @Test
  void candidateRequestsGoOutTogetherAndAreAcceptedInRequestOrder(@TempDir Path out) {
    CyclicBarrier together = new CyclicBarrier(3);
    CountDownLatch othersReplied = new CountDownLatch(2);
    List<String> prompts = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger barrierFailures = new AtomicInteger();
    ChatModel model = request -> {
      if (!request.purpose("stage").equals("scenarios")) return ChatResponse.text(rating(request.purpose("scenario")));
      int round = Integer.parseInt(request.purpose("task"));
      prompts.add(request.messages().get(request.messages().size() - 1).content());
      try {
        together.await(30, TimeUnit.SECONDS); // all three requests of the wave are in flight at once
        if (round == 0) othersReplied.await(30, TimeUnit.SECONDS); // the first request answers last
      } catch (Exception e) {
        barrierFailures.incrementAndGet();
      }
      if (round != 0) othersReplied.countDown();
      return ChatResponse.text(candidates(round));
    };
    // 12 wanted, 4 per request: a wave of 3 requests at concurrency 3
    ScenarioGeneration g = new ScenarioGeneration(seeds(), 12, 0.95, 7, 1.0, 4, 3);
    PipelineResult r = Pipeline.seeds(g).model(model).outputDir(out)
        .configure(o -> o.embeddings(new HashingEmbeddings()).concurrency(3)).tasks().run();

    assertThat(barrierFailures).hasValue(0);
    assertThat(r.definitions()).hasSize(12);
    List<String> names = r.definitions().stream().map(d -> d.scenario().name()).toList();
    assertThat(names.subList(0, 4)).containsExactly("App 0-0", "App 0-1", "App 0-2", "App 0-3");
    assertThat(names.subList(8, 12)).containsExactly("App 2-0", "App 2-1", "App 2-2", "App 2-3");
    // the requests of a wave lean towards different domains
    assertThat(prompts).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void atConcurrencyOneRequestsAreSentOneAtATime(@TempDir Path out) {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ChatModel model = request -> {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      try {
        if (!request.purpose("stage").equals("scenarios")) return ChatResponse.text(rating(request.purpose("scenario")));
        return ChatResponse.text(candidates(Integer.parseInt(request.purpose("task"))));
      } finally {
        inFlight.decrementAndGet();
      }
    };
    ScenarioGeneration g = new ScenarioGeneration(seeds(), 8, 0.95, 7, 1.0, 4, 4);
    PipelineResult r = Pipeline.seeds(g).model(model).outputDir(out)
        .configure(o -> o.embeddings(new HashingEmbeddings()).concurrency(1)).tasks().run();
    assertThat(r.definitions()).hasSize(8);
    assertThat(most).hasValue(1);
  }

  @Test
  void scenarioGenerationRunsAgainstAReasoningModelOverHttp(@TempDir Path out) throws Exception {
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger classified = new AtomicInteger();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest rec) {
          JsonNode body = JsonValues.MAPPER.readTree(rec.getBody().utf8());
          MockResponse refusal = ReasoningModelPipelineTest.refusal(body, refused);
          if (refusal != null) return refusal;
          String user = body.path("messages").get(1).path("content").asString();
          String answer;
          if (user.contains("Invent")) {
            answer = candidates(0);
          } else {
            if (body.path("messages").get(0).path("content").asString().equals(Prompts.load("classify.system.md"))) {
              classified.incrementAndGet();
            }
            answer = rating("x" + classified.get());
          }
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
              .body(dev.awm.llm.OpenAiClientTestSupport.completion(answer)).build();
        }
      });
      server.start(0);
      try (OpenAiClient client = OpenAiClient.create(LlmConfig.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test")
          .model("o4-mini").timeout(Duration.ofSeconds(30)).build())) {
        ScenarioGeneration g = new ScenarioGeneration(seeds(), 4, 0.95, 7, 1.0, 4, 1);
        PipelineResult r = Pipeline.seeds(g).model(client).outputDir(out)
            .configure(o -> o.embeddings(new HashingEmbeddings()).concurrency(1).temperature(0.7)).tasks().run();
        assertThat(r.definitions()).hasSize(4)
            .allSatisfy(d -> assertThat(d.scenario().attributes()).containsEntry("suitability_score", 8L)
                .containsEntry("simulatable_features", List.of("bookings", "approvals"))
                .containsEntry("non_simulatable_features", List.of("payments")));
      }
    }
    // the generation request's 0.7 and the classifier's 0 are preferences: each refused once, then left out
    assertThat(refused.get()).isBetween(1, 2);
    assertThat(classified).hasValue(4);
  }
}
