package dev.awm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.StarterPack;
import dev.awm.core.ToolCall;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.RunDirectory;
import dev.awm.verify.TaskVerifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a local server scripted to answer with tool calls, ending in a run directory that verifies complete. */
class AgentTest {
  private static final int TASK = 6;
  private final EnvironmentDefinition def = StarterPack.load("e_commerce");
  private final ReferenceSolution solution = def.solution(TASK).orElseThrow();
  private MockWebServer server;
  private OpenAiClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start(0);
    client = OpenAiClient.create(LlmConfig.builder().baseUrl(server.url("/v1").toString()).apiKey("k").model("Snowflake/Arctic-AWM-4B")
        .initialBackoff(Duration.ofMillis(10)).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static String reply(String content, List<Map<String, Object>> toolCalls) {
    Map<String, Object> message = new java.util.LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    if (!toolCalls.isEmpty()) message.put("tool_calls", toolCalls);
    return JsonValues.write(Map.of("model", "m", "choices", List.of(Map.of("index", 0, "message", message,
        "finish_reason", toolCalls.isEmpty() ? "stop" : "tool_calls")), "usage", Map.of("prompt_tokens", 10, "completion_tokens", 5)));
  }

  private void enqueue(String body) {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build());
  }

  private RewardOutcome runAndVerify(Agent agent, Path dir) throws Exception {
    Environment env = Environment.of(def);
    try (EnvironmentHandle handle = env.newHandle()) {
      AgentRun run = agent.run(handle, def.tasks().get(TASK));
      assertThat(run.stop()).isEqualTo(AgentRun.Stop.ANSWERED);
      assertThat(run.steps()).allSatisfy(s -> assertThat(s.result().isError()).as(s.result().message()).isFalse());
      Trajectories.save(dir, handle, TASK, run, Map.of("model", "Snowflake/Arctic-AWM-4B"));
    }
    assertThat(Files.readString(dir.resolve("trajectory.json"))).contains("\"scenario\" : \"E-commerce\"").contains("\"task_id\" : 6");
    RewardOutcome outcome = RunDirectory.verify(dir, TaskVerifiers.compile(env));
    assertThat(Files.readString(dir.resolve("verify_result.json"))).contains("\"result\" : \"" + (outcome.isComplete() ? "complete" : "others"));
    return outcome;
  }

  @Test
  void nativeToolCallingSolvesAStarterTask(@TempDir Path dir) throws Exception {
    int id = 0;
    for (ToolCall c : solution.calls()) {
      enqueue(reply(null, List.of(Map.of("id", "call_" + (++id), "type", "function",
          "function", Map.of("name", c.name(), "arguments", JsonValues.write(c.arguments()))))));
    }
    enqueue(reply("Done: I left the review.", List.of()));
    RewardOutcome outcome = runAndVerify(Agent.builder(client).temperature(0.0).build(), dir);
    assertThat(outcome.status()).as(outcome.details()).isEqualTo(RewardStatus.COMPLETE);

    RecordedRequest first = server.takeRequest();
    assertThat(first.getBody().utf8()).contains("\"tools\":[{\"type\":\"function\"").contains("\"name\":\"" + def.spec().endpoints().get(0).operationId() + "\"");
    // the system prompt says what "today" is in the application: the environment's simulated now
    assertThat(JsonValues.MAPPER.readTree(first.getBody().utf8()).path("messages").get(0).path("content").asString())
        .endsWith(" In the application it is now " + def.simulatedNow() + ".");
    RecordedRequest second = server.takeRequest();
    assertThat(second.getBody().utf8()).contains("\"role\":\"tool\"").contains("\"tool_call_id\":\"call_1\"");
  }

  @Test
  void theTextProtocolOfTheArcticModelsSolvesItToo(@TempDir Path dir) throws Exception {
    enqueue(reply("I will look at the tools first.\n<tool_call>\n{\"name\": \"list_tools\", \"arguments\": null}\n</tool_call>", List.of()));
    for (ToolCall c : solution.calls()) {
      String args = JsonValues.write(c.arguments());
      enqueue(reply("<tool_call>\n" + JsonValues.write(Map.of("name", "call_tool", "arguments", Map.of("tool_name", c.name(), "arguments", args)))
          + "\n</tool_call>", List.of()));
    }
    enqueue(reply("The review is posted.", List.of()));
    RewardOutcome outcome = runAndVerify(Agent.builder(client).protocol(Agent.Protocol.TEXT).build(), dir);
    assertThat(outcome.status()).as(outcome.details()).isEqualTo(RewardStatus.COMPLETE);
    String firstBody = server.takeRequest().getBody().utf8();
    // the reference's text protocol, exactly: it says nothing of the date
    assertThat(firstBody).contains("<tool_call>").doesNotContain("\"tools\"").doesNotContain("it is now");
    String secondBody = server.takeRequest().getBody().utf8();
    // the reference's list_tools format (format_tools_for_response), sent as a user message off vLLM
    assertThat(secondBody).contains("Tool response:\\nAvailable MCP Tools (").contains("mcp_tool_create_review");
  }

  @Test
  void doingNothingVerifiesIncompleteAndBadCallsAreReportedToTheModel(@TempDir Path dir) throws Exception {
    enqueue(reply("<tool_call>{\"name\": \"call_tool\", \"arguments\": {\"tool_name\": \"no_such_tool\", \"arguments\": \"{}\"}}</tool_call>", List.of()));
    enqueue(reply("I could not do it.", List.of()));
    Environment env = Environment.of(def);
    try (EnvironmentHandle handle = env.newHandle()) {
      AgentRun run = Agent.builder(client).protocol(Agent.Protocol.TEXT).build().run(handle, def.tasks().get(TASK));
      assertThat(run.steps()).singleElement().satisfies(s -> assertThat(s.result().message()).contains("unknown tool 'no_such_tool'"));
      Trajectories.save(dir, handle, TASK, run, Map.of());
    }
    assertThat(server.takeRequest().getBody().utf8()).isNotEmpty();
    assertThat(server.takeRequest().getBody().utf8()).contains("Error: unknown tool 'no_such_tool'");
    assertThat(RunDirectory.verify(dir, TaskVerifiers.compile(env)).status()).isEqualTo(RewardStatus.INCOMPLETE);
  }

  @Test
  void theIterationBudgetAndModelFailuresEndTheRun() {
    for (int i = 0; i < 3; i++) enqueue(reply("<tool_call>{\"name\": \"list_tools\", \"arguments\": null}</tool_call>", List.of()));
    Environment env = Environment.of(def);
    try (EnvironmentHandle handle = env.newHandle()) {
      AgentRun run = Agent.builder(client).protocol(Agent.Protocol.TEXT).maxIterations(3).build().run(handle, "loop");
      assertThat(run.stop()).isEqualTo(AgentRun.Stop.MAX_ITERATIONS);
      assertThat(run.steps()).hasSize(3);
      server.enqueue(new MockResponse.Builder().code(401).body("{\"error\": {\"message\": \"bad key\"}}").build());
      AgentRun failed = Agent.builder(client).build().run(handle, "x");
      assertThat(failed.stop()).isEqualTo(AgentRun.Stop.MODEL_ERROR);
      assertThat(failed.error()).contains("HTTP 401: bad key");
    }
    assertThatThrownBy(() -> Agent.builder(client).maxIterations(0)).hasMessageContaining("maxIterations");
    assertThat(new ArrayList<>(List.of(1))).hasSize(1);
  }
}
