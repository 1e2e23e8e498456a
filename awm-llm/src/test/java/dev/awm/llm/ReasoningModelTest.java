package dev.awm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.internal.JsonValues;
import dev.awm.verify.JudgeRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Against a server that behaves like OpenAI's reasoning models (gpt-5, o-series): {@code max_tokens}
 * is refused (they take {@code max_completion_tokens}) and so is any temperature but the default 1,
 * with HTTP 400 and the error body those servers send. A preferred temperature is dropped and the
 * token limit renamed, each learned once per model; a required temperature fails, typed.
 */
class ReasoningModelTest {
  private MockWebServer server;
  private OpenAiClient client;
  private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        JsonNode body = JsonValues.MAPPER.readTree(r.getBody().utf8());
        bodies.add(body);
        if (body.has("max_tokens")) {
          return refuse("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
              "max_tokens", "unsupported_parameter");
        }
        if (body.has("temperature") && body.get("temperature").asDouble() != 1.0) {
          return refuse("Unsupported value: 'temperature' does not support " + body.get("temperature") + " with this model. Only the default (1) value is supported.",
              "temperature", "unsupported_value");
        }
        String content = body.toString().contains("Judge") || body.toString().contains("grade") ? "{\"result\": \"complete\", \"reasoning\": \"the row is there\"}" : "{\"ok\": true}";
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .body(OpenAiClientTest.completion(content, 10, 5)).build();
      }
    });
    server.start(0);
    client = OpenAiClient.create(LlmConfig.builder().baseUrl(server.url("/v1").toString()).apiKey("sk-test").model("gpt-5")
        .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5)).build());
  }

  private static MockResponse refuse(String message, String param, String code) {
    return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"error\": {\"message\": " + JsonValues.write(message) + ", \"type\": \"invalid_request_error\", \"param\": \"" + param
            + "\", \"code\": \"" + code + "\"}}").build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aPreferredTemperatureAndMaxTokensAreAdjustedOncePerModel() {
    ChatRequest classify = ChatRequest.builder().system("Rate this scenario.").user("A bakery").temperature(0.0).maxTokens(500).jsonResponse(true).build();
    assertThat(client.chat(classify).text()).isEqualTo("{\"ok\": true}");
    // refused for max_tokens, then for the temperature, then accepted
    assertThat(bodies).hasSize(3);
    JsonNode accepted = bodies.get(2);
    assertThat(accepted.has("temperature")).isFalse();
    assertThat(accepted.get("max_completion_tokens").asInt()).isEqualTo(500);
    // learned: the next request of the same model goes straight through
    bodies.clear();
    assertThat(client.chat(classify).text()).isEqualTo("{\"ok\": true}");
    assertThat(bodies).hasSize(1);
    // the default temperature of a reasoning model is still sent when asked for
    bodies.clear();
    client.chat(ChatRequest.builder().user("hi").requireTemperature(1.0).build());
    assertThat(bodies).singleElement().satisfies(b -> assertThat(b.get("temperature").asDouble()).isEqualTo(1.0));
  }

  @Test
  void aRequiredTemperatureTheModelRefusesFailsTyped() {
    ChatRequest exact = ChatRequest.builder().user("Be deterministic").requireTemperature(0.0).build();
    assertThatThrownBy(() -> client.chat(exact)).isInstanceOf(LlmException.class)
        .satisfies(e -> {
          LlmException l = (LlmException) e;
          assertThat(l.status()).isEqualTo(400);
          assertThat(l.retryable()).isFalse();
          assertThat(l.unsupportedParameter()).isEqualTo("temperature");
        })
        .hasMessageContaining("HTTP 400").hasMessageContaining("Only the default (1) value is supported");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void theJudgeAndTheAgentSettingsWorkAgainstAReasoningModel() {
    dev.awm.verify.JudgeVerdict v = new LlmJudge(client).judge(new JudgeRequest("notes", 0, "Add a note", Map.of("rows", List.of("milk")), "", "Added."));
    assertThat(v.status()).isEqualTo(dev.awm.verify.RewardStatus.COMPLETE);
    assertThat(bodies.get(bodies.size() - 1).has("max_tokens")).isFalse();
    ChatRequest agentTurn = ChatRequest.builder().user("list the tools").temperature(0.7).maxTokens(256).build();
    assertThat(client.chat(agentTurn).text()).isNotEmpty();
  }

  @Test
  void aCompatibleServerIsSentMaxTokensAndARefusalSwitchesIt() throws Exception {
    MockWebServer vllm = new MockWebServer();
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    vllm.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        JsonNode body = JsonValues.MAPPER.readTree(r.getBody().utf8());
        seen.add(body);
        if (body.has("max_completion_tokens")) return refuse("Unsupported parameter: 'max_completion_tokens'", "max_completion_tokens", "unsupported_parameter");
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(OpenAiClientTest.completion("fine", 1, 1)).build();
      }
    });
    vllm.start(0);
    try (OpenAiClient c = OpenAiClient.create(LlmConfig.builder().baseUrl(vllm.url("/v1").toString()).apiKey("k").model("local")
        .timeout(Duration.ofSeconds(5)).build())) {
      assertThat(c.chat(ChatRequest.builder().user("hi").maxTokens(64).build()).text()).isEqualTo("fine");
      // a compatible server (not api.openai.com) is sent max_tokens from the start
      assertThat(seen).singleElement().satisfies(b -> assertThat(b.get("max_tokens").asInt()).isEqualTo(64));
    } finally {
      vllm.close();
    }
  }
}
