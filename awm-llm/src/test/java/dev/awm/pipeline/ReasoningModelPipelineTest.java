package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.StarterPack;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import dev.awm.llm.internal.Prompts;
import dev.awm.llm.ScriptedModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every pipeline stage over real HTTP against a server that behaves like a reasoning model: it
 * refuses any temperature but 1 (HTTP 400, unsupported_value) and {@code max_tokens}. The server
 * answers each stage as the scripted model would, recognizing the stage by its system prompt and the
 * scenario and task by the text of the user prompt (the wire carries no more).
 */
class ReasoningModelPipelineTest {
  static final List<String> STAGES = List.of("tasks", "schema", "sample", "spec", "tools", "verifier", "solution", "challenges");

  @Test
  void theWholePipelineRunsAgainstAReasoningModel(@TempDir Path out) throws Exception {
    ScriptedModel script = StarterScript.model();
    AtomicInteger refused = new AtomicInteger();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
          JsonNode body = JsonValues.MAPPER.readTree(r.getBody().utf8());
          MockResponse refusal = refusal(body, refused);
          if (refusal != null) return refusal;
          String answer = script.chat(asScripted(body)).text();
          return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
              .body(dev.awm.llm.OpenAiClientTestSupport.completion(answer)).build();
        }
      });
      server.start(0);
      try (OpenAiClient client = OpenAiClient.create(LlmConfig.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test")
          .model("gpt-5").timeout(Duration.ofSeconds(30)).build())) {
        PipelineResult r = Pipeline.scenarios(StarterScript.scenarios()).model(client).outputDir(out)
            .configure(o -> o.concurrency(2).temperature(0.2)).all().run();
        assertThat(r.gaveUp()).isEmpty();
        assertThat(r.definitions()).hasSize(3).allSatisfy(d -> assertThat(d.solutions()).hasSize(10));
      }
    }
    // the temperature was refused once per request in flight before the client learned it, never again
    assertThat(refused.get()).isBetween(1, 2);
  }

  /**
   * What a reasoning model answers to a request with {@code max_tokens} or a temperature other than
   * 1 (counted in {@code refused}); null for a request it accepts.
   */
  static MockResponse refusal(JsonNode body, AtomicInteger refused) {
    if (!body.has("max_tokens") && !(body.has("temperature") && body.get("temperature").asDouble() != 1.0)) return null;
    refused.incrementAndGet();
    String param = body.has("max_tokens") ? "max_tokens" : "temperature";
    return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json").body("{\"error\": {\"message\": "
        + "\"Unsupported value: '" + param + "' is not supported with this model.\", \"type\": \"invalid_request_error\", \"param\": \""
        + param + "\", \"code\": \"unsupported_value\"}}").build();
  }

  /** The request as the scripted model wants it: its stage, scenario and task, read back from the prompts. */
  static ChatRequest asScripted(JsonNode body) {
    String system = body.path("messages").get(0).path("content").asString();
    String user = body.path("messages").get(1).path("content").asString();
    String stage = STAGES.stream().filter(s -> Prompts.load(s + ".system.md").equals(system)).findFirst().orElseThrow();
    EnvironmentDefinition def = StarterPack.definitions().stream().filter(d -> user.contains(d.scenario().name())).findFirst().orElseThrow();
    ChatRequest.Builder b = ChatRequest.builder().user(user).purpose("stage", stage).purpose("scenario", def.name());
    if (List.of("verifier", "solution", "challenges").contains(stage)) {
      for (int i = 0; i < def.tasks().size(); i++) if (user.contains(def.tasks().get(i))) b.purpose("task", Integer.toString(i));
    }
    return b.build();
  }
}
