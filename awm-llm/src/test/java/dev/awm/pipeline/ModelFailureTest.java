package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model failures are loud, fast and typed: a refused key, a missing model or an address where
 * nothing listens stop the whole run at once, naming what to fix; a request the server refuses
 * (another 4xx) is not sent again.
 */
class ModelFailureTest {
  static OpenAiClient client(String baseUrl) {
    return OpenAiClient.create(LlmConfig.builder().baseUrl(baseUrl).apiKey("sk-wrong").model("gpt-test")
        .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100)).timeout(Duration.ofSeconds(5)).build());
  }

  static MockResponse status(int code, String message) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
        .body("{\"error\": {\"message\": \"" + message + "\", \"type\": \"invalid_request_error\"}}").build();
  }

  @Test
  void aRefusedKeyStopsTheRunAfterOneRequestNamingTheVariable(@TempDir Path out) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 50; i++) server.enqueue(status(401, "Incorrect API key provided: sk-wrong."));
      server.start(0);
      try (OpenAiClient model = client(server.url("/v1").toString())) {
        assertThatThrownBy(() -> Pipeline.scenarios(StarterScript.scenarios()).model(model).outputDir(out)
            .configure(o -> o.concurrency(1)).all().run())
            .isInstanceOf(PipelineStoppedException.class)
            .hasMessageContaining("HTTP 401").hasMessageContaining("Incorrect API key").hasMessageContaining("OPENAI_API_KEY");
      }
      assertThat(server.getRequestCount()).isEqualTo(1);
      // what was finished before the stop is kept: the scenario rows
      assertThat(out.resolve("gen_scenario.jsonl")).exists();
    }
  }

  @Test
  void aMissingModelStopsTheRunNamingIt(@TempDir Path out) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 50; i++) server.enqueue(status(404, "The model `gpt-test` does not exist or you do not have access to it."));
      server.start(0);
      try (OpenAiClient model = client(server.url("/v1").toString())) {
        assertThatThrownBy(() -> Pipeline.scenarios(StarterScript.scenarios()).model(model).outputDir(out).all().run())
            .isInstanceOf(PipelineStoppedException.class).hasMessageContaining("AWM_SYN_OVERRIDE_MODEL");
      }
      // each scenario in flight sent at most its first request
      assertThat(server.getRequestCount()).isBetween(1, 3);
    }
  }

  @Test
  void anAddressWhereNothingListensStopsTheRunAtOnce(@TempDir Path out) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    try (OpenAiClient model = client("http://127.0.0.1:" + port + "/v1")) {
      assertThatThrownBy(() -> Pipeline.scenarios(StarterScript.scenarios()).model(model).outputDir(out).all().run())
          .isInstanceOf(PipelineStoppedException.class).hasMessageContaining("cannot connect to 127.0.0.1:" + port)
          .hasMessageContaining("OPENAI_BASE_URL");
      assertThat(model.stats().snapshot().retries()).isZero();
      assertThat(model.stats().snapshot().requests()).isBetween(1L, 3L);
    }
  }

  @Test
  void aRequestTheServerRefusesIsNotSentAgain(@TempDir Path out) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 50; i++) server.enqueue(status(400, "This model's maximum context length is 8192 tokens."));
      server.start(0);
      try (OpenAiClient model = client(server.url("/v1").toString())) {
        PipelineResult r = Pipeline.scenario(StarterScript.scenarios().get(0)).model(model).outputDir(out).all().run();
        assertThat(r.gaveUp()).hasSize(1);
        assertThat(r.gaveUp().values().iterator().next()).contains("the model refused the request").contains("HTTP 400")
            .contains("maximum context length");
      }
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }
}
