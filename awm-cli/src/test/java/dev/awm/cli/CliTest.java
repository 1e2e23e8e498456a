package dev.awm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.StarterPack;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RunDirectory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each command's happy path and its most likely mistake, through the real command line. */
public class CliTest {
  /** What a command returned and printed. */
  public record Result(int code, String out, String err) {}

  /** Runs {@code awm args...} in process; what it printed is in the result. */
  public static Result awm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AwmCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void envStartServesOverMcpUntilInterrupted() throws Exception {
    Serving serving = new Serving("env", "start", "-s", "e_commerce", "--port", "0");
    assertThat(serving.out.toString()).contains("serving e_commerce (39 tools)");
    try (dev.awm.mcp.McpToolSession session = dev.awm.mcp.McpToolSession.connect(serving.url,
        java.time.Duration.ofSeconds(10))) {
      assertThat(session.listTools()).hasSize(39);
      assertThat(session.callTool("list_orders", Map.of("status", "shipped")).isError()).isFalse();
    }
    assertThat(serving.stop()).as(serving.err.toString()).isZero();
    assertThat(serving.out.toString()).endsWith("stopped" + System.lineSeparator());
  }

  @Test
  void envStartWithoutAScenarioServesEveryEnvironmentOfTheDirectory(@TempDir Path dir) throws Exception {
    List<EnvironmentDefinition> defs = new java.util.ArrayList<>(dev.awm.core.StarterPack.definitions());
    // a scenario whose generation stopped after its tool code: named, not served with no tools
    defs.add(StarterPack.load("project_tracker").toBuilder().scenario(new dev.awm.core.Scenario("Half Done", "stopped early"))
        .spec(null).build());
    dev.awm.core.AwmDirectory.write(dir, defs);
    Serving serving = new Serving("env", "start", "-i", dir.toString(), "--port", "0", "--max-compiled", "2",
        "--episode-control", "--reward-map", "openenv");
    assertThat(serving.out.toString()).contains("serving 3 environments at ").contains("/mcp/SCENARIO").contains("at most 2 kept")
        .contains("not served: scenario 'half_done' has no API spec (gen_spec.jsonl)");
    try (dev.awm.mcp.McpToolSession shop = dev.awm.mcp.McpToolSession.connect(java.net.URI.create(serving.url + "/e_commerce"),
        java.time.Duration.ofSeconds(10))) {
      assertThat(shop.listTools()).hasSize(39);
      assertThat(shop.callTool("awm_reward", Map.of("task", 1)).content()).contains("\"reward\":0.1");
    }
    java.net.http.HttpResponse<String> listing = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(serving.url.toString().replaceFirst("/mcp$", "/environments"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(listing.body()).contains("\"name\":\"calendar_booking\",\"compiled\":false");
    assertThat(serving.stop()).as(serving.err.toString()).isZero();
    assertThat(serving.out.toString()).endsWith("stopped" + System.lineSeparator());
  }

  @Test
  @SuppressWarnings("unchecked")
  void envStartOnStdioOffersEpisodeControlWhenAsked() throws Exception {
    java.io.PipedOutputStream toServer = new java.io.PipedOutputStream();
    java.io.PipedInputStream serverIn = new java.io.PipedInputStream(toServer, 1 << 16);
    java.io.PipedInputStream fromServer = new java.io.PipedInputStream(1 << 16);
    java.io.PrintStream serverOut = new java.io.PrintStream(new java.io.PipedOutputStream(fromServer), true);
    java.io.BufferedReader replies = new java.io.BufferedReader(new java.io.InputStreamReader(fromServer, java.nio.charset.StandardCharsets.UTF_8));
    java.io.InputStream stdin = System.in;
    java.io.PrintStream stdout = System.out;
    StringWriter err = new StringWriter();
    int[] code = {-1};
    Thread serving;
    System.setIn(serverIn);
    System.setOut(serverOut);
    try {
      serving = new Thread(() -> code[0] = AwmCommand.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
          "env", "start", "-s", "e_commerce", "--stdio", "--episode-control"), "awm-env-start-stdio");
      serving.start();
      send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(replies.readLine()).as(err.toString()).contains("awm-e_commerce");
      send(toServer, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(toServer, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"awm_reward\",\"arguments\":{\"task\":1}}}");
      Map<String, Object> reward = (Map<String, Object>) ((Map<String, Object>) JsonValues.parse(replies.readLine())).get("result");
      assertThat(reward.toString()).doesNotContain("unknown tool").contains("incomplete");
      toServer.close(); // the client goes away: the command returns
      serving.join(10_000);
    } finally {
      System.setIn(stdin);
      System.setOut(stdout);
    }
    assertThat(serving.isAlive()).isFalse();
    assertThat(code[0]).as(err.toString()).isZero();
  }

  private static void send(java.io.OutputStream out, String json) throws java.io.IOException {
    out.write((json + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void helpListsTheCommands() {
    Result r = awm("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("run", "gen", "env", "agent", "verify");
    assertThat(awm("env", "--help").out()).contains("validate", "reset_db");
    assertThat(awm("nonsense").code()).isEqualTo(2);
  }

  @Test
  void theMainJobRunsTheWholeLoopOffline(@TempDir Path dir) {
    Result r = awm("run", "--offline", "-o", dir.toString(), "-s", "project_tracker", "-t", "2");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("== 1. synthesis", "verifier  in=30 out=30", "summary: 3 environments, 126 tools, 30 tasks, 30 passing",
        "== 3. episode: project_tracker task 2", "reward: 1.0 (COMPLETE)", "all checks passed");
    assertThat(dir.resolve("gen_solutions.jsonl")).exists();
    Result again = awm("run", "--offline", "-o", dir.toString());
    assertThat(again.out()).contains("model calls: 0");
  }

  @Test
  void validateAndItsMistakes() {
    Result ok = awm("env", "validate", "-s", "calendar_booking");
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("summary: 1 environments, 44 tools, 10 tasks, 10 passing");
    Result unknown = awm("env", "validate", "--scenario", "bakery");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no scenario 'bakery' in the starter pack").contains("e_commerce");
    assertThat(awm("env", "validate", "--input_dir", "/no/such/dir").err()).contains("no such directory: /no/such/dir");
  }

  @Test
  void genOneStageAndItsMistakes(@TempDir Path dir) {
    Result r = awm("gen", "task", "--output_dir", dir.toString(), "--scenario", "e_commerce", "--offline");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(dir.resolve("gen_tasks.jsonl")).exists();
    assertThat(r.out()).doesNotContain("embeddings:"); // no scenario generation, no embedding model named
    Result missing = awm("gen", "spec", "-o", dir.toString(), "--offline");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out()).contains("spec needs the schema stage");
    assertThat(awm("gen", "tables", "-o", dir.toString()).err()).contains("unknown stage 'tables'");
    assertThat(awm("gen", "task").err()).contains("--output-dir");
    Result few = awm("gen", "scenario", "-o", dir.resolve("few").toString(), "--offline", "--target-count", "5");
    assertThat(few.code()).as(few.out() + few.err()).isEqualTo(1);
    // offline, the scripted candidates are the seeds themselves: all rejected as duplicates, so none is new
    assertThat(few.err()).contains("gen scenario: 0 of 5 scenarios").contains("reached 0 of 5");
    // no embedding key: the in-process model, at its own threshold
    assertThat(few.out()).contains("embeddings: all-MiniLM-L6-v2 (quantized, in process), no EMBEDDING_OPENAI_API_KEY set;"
        + " near-duplicates at cosine >= 0.72");
    Result badNow = awm("gen", "task", "-o", dir.toString(), "--offline", "--simulated-now", "yesterday");
    assertThat(badNow.code()).isNotZero();
    assertThat(badNow.err()).contains("\"simulated_now\" must be an ISO date and time").contains("yesterday");
  }

  @Test
  void theReferenceReadmeCommandLinesRunOffline(@TempDir Path dir) throws Exception {
    // README.md of Snowflake-Labs/agent-world-model, in its order; step 1 offline finds no new scenario, so the seeds stand in for it
    Path o = dir.resolve("outputs");
    String seed = o.resolve("seed_scenario.jsonl").toString();
    Files.createDirectories(o);
    for (String s : List.of("e_commerce", "project_tracker")) {
      Files.writeString(o.resolve("seed_scenario.jsonl"), JsonValues.write(dev.awm.core.internal.AwmRows.scenarioRow(StarterPack.load(s).scenario())) + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
    Result scenario = awm("gen", "scenario", "--input_path", seed, "--output_path", o + "/gen_scenario.jsonl", "--target_count", "3", "--offline");
    assertThat(scenario.err()).contains("gen scenario: 1 of 3"); // offline, only the starter scenario not among the seeds is new
    Files.copy(Path.of(seed), o.resolve("gen_scenario.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String[][] lines = {
        {"gen", "task", "--input", o + "/gen_scenario.jsonl", "--output", o + "/gen_tasks.jsonl"},
        {"gen", "db", "--input", o + "/gen_tasks.jsonl", "--output", o + "/gen_db.jsonl"},
        {"gen", "sample", "--input_task", o + "/gen_tasks.jsonl", "--input_db", o + "/gen_db.jsonl", "--output", o + "/gen_sample.jsonl"},
        {"gen", "spec", "--input_task", o + "/gen_tasks.jsonl", "--input_db", o + "/gen_db.jsonl", "--output", o + "/gen_spec.jsonl"},
        {"gen", "env", "--input_spec", o + "/gen_spec.jsonl", "--input_db", o + "/gen_db.jsonl", "--output", o + "/gen_envs.jsonl"},
        {"gen", "verifier", "--mode", "code", "--input_task", o + "/gen_tasks.jsonl", "--output", o + "/gen_verifier.jsonl"},
        {"env", "reset_db", "--input_db", o + "/gen_db.jsonl", "--input_sample", o + "/gen_sample.jsonl", "--database_dir", o + "/databases"},
        {"env", "check_all", "--output", o + "/gen_envs.jsonl"},
        {"gen", "all", "--input", seed, "--output_dir", o.toString(), "--target_count", "2", "--verifier_mode", "code"}};
    for (String[] line : lines) {
      String[] args = line[0].equals("gen") ? java.util.stream.Stream.concat(java.util.Arrays.stream(line), java.util.stream.Stream.of("--offline"))
          .toArray(String[]::new) : line;
      Result r = awm(args);
      assertThat(r.code()).as(String.join(" ", line) + "\n" + r.out() + r.err()).isZero();
    }
    for (String f : List.of("tasks", "db", "sample", "spec", "envs", "verifier")) assertThat(o.resolve("gen_" + f + ".jsonl")).isNotEmptyFile();
    assertThat(o.resolve("databases/project_tracker.db")).exists();
    // a file under another name is read (and written) as the one it stands for
    Files.copy(o.resolve("gen_tasks.jsonl"), dir.resolve("my_tasks.jsonl"));
    Result renamed = awm("gen", "db", "--input", dir + "/my_tasks.jsonl", "--output", dir + "/my_db.jsonl", "--offline");
    assertThat(renamed.code()).as(renamed.out() + renamed.err()).isZero();
    assertThat(dir.resolve("my_db.jsonl")).isNotEmptyFile();
    assertThat(awm("gen", "db", "--input", dir + "/nope.jsonl", "--output", dir + "/x.jsonl").err()).contains("--input: no such file: " + dir + "/nope.jsonl");
    assertThat(awm("gen", "task", "--input_spec", o + "/gen_spec.jsonl", "--output", dir + "/x.jsonl").err()).contains("--input_spec is not an option of gen task");
    assertThat(awm("env", "start", "--scenario", "e_commerce", "--envs_load_path", dir + "/nope.jsonl").err())
        .contains("--envs_load_path: no such file: " + dir + "/nope.jsonl");
  }

  @Test
  void genResumesAfterARunKilledMidAppend(@TempDir Path dir) throws Exception {
    Result first = awm("gen", "task", "-o", dir.toString(), "-s", "e_commerce", "--offline");
    assertThat(first.code()).as(first.err()).isZero();
    // a kill while the next scenario's row was being appended leaves half a line
    Files.writeString(dir.resolve("gen_tasks.jsonl"), "{\"scenario\": \"calendar_booking\", \"tas",
        java.nio.file.StandardOpenOption.APPEND);
    Result resumed = awm("gen", "db", "-o", dir.toString(), "--offline");
    assertThat(resumed.code()).as(resumed.out() + resumed.err()).isZero();
    List<EnvironmentDefinition> defs = dev.awm.core.AwmDirectory.load(dir);
    assertThat(defs).extracting(EnvironmentDefinition::name).containsExactly("e_commerce");
    assertThat(defs.get(0).tasks()).isNotEmpty();
    assertThat(defs.get(0).schema().tables()).isNotEmpty();
  }

  @Test
  void mcpServersAreCheckedAndTheirMistakesNamed() throws Exception {
    Result all = awm("env", "check_all", "-s", "e_commerce,project_tracker");
    assertThat(all.code()).as(all.out() + all.err()).isZero();
    assertThat(all.out()).contains("OK   e_commerce: 39 of 39 tools served", "2 of 2 environments OK");
    try (dev.awm.mcp.McpEnvironmentServer server = dev.awm.mcp.McpEnvironmentServer.builder(
        Environment.of(StarterPack.load("calendar_booking"))).port(0).build().start()) {
      Result check = awm("env", "check", "--url", server.url().toString());
      assertThat(check.code()).isZero();
      assertThat(check.out()).contains(": 44 tools");
    }
    Result nobody = awm("env", "check", "--url", "http://127.0.0.1:9/mcp", "--timeout", "3");
    assertThat(nobody.code()).isEqualTo(2);
    assertThat(nobody.err()).contains("no MCP server answers at http://127.0.0.1:9/mcp");
    assertThat(awm("env", "start", "--stdio").err()).contains("--stdio serves one environment: give --scenario");
    assertThat(awm("env", "start", "-s", "e_commerce", "--reward-map", "kind").err()).contains("no reward map preset 'kind'");
    assertThat(awm("env", "start", "-s", "e_commerce", "--envs_load_path", "/no/such/dir").err()).contains("no such directory: /no/such/dir");
  }

  @Test
  void anEnvironmentWithoutToolsFailsEveryCheck(@TempDir Path dir) throws Exception {
    EnvironmentDefinition empty = StarterPack.load("project_tracker").toBuilder()
        .spec(new dev.awm.core.ApiSpec(List.of())).toolCode(null).build();
    dev.awm.core.AwmDirectory.write(dir, List.of(empty));
    String line = "FAIL project_tracker: the environment has no tools (no endpoints in the spec, no tool code)";
    Result all = awm("env", "check_all", "-i", dir.toString());
    assertThat(all.code()).as(all.out() + all.err()).isEqualTo(1);
    assertThat(all.out()).contains(line, "0 of 1 environments OK").doesNotContain("0 of 0 tools");
    Result validate = awm("env", "validate", "-i", dir.toString());
    assertThat(validate.code()).as(validate.out() + validate.err()).isEqualTo(1);
    assertThat(validate.out()).contains(line);
    try (dev.awm.mcp.McpEnvironmentServer server = dev.awm.mcp.McpEnvironmentServer.builder(Environment.of(empty)).port(0).build().start()) {
      Result check = awm("env", "check", "--url", server.url().toString());
      assertThat(check.code()).isEqualTo(1);
      assertThat(check.out()).contains("FAIL " + server.url() + ": the server has no tools");
    }
  }

  @Test
  void resetDbWritesSqliteFiles(@TempDir Path dir) throws Exception {
    Result r = awm("env", "reset_db", "--database_dir", dir.toString(), "-s", "project_tracker");
    assertThat(r.code()).isZero();
    byte[] db = Files.readAllBytes(dir.resolve("project_tracker.db"));
    assertThat(new String(db, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
  }

  @Test
  void resetDbNeedsNoRunnableToolCode(@TempDir Path dir) throws Exception {
    EnvironmentDefinition tracker = StarterPack.load("project_tracker");
    EnvironmentDefinition calendar = StarterPack.load("calendar_booking");
    Path input = dir.resolve("input");
    dev.awm.core.AwmDirectory.write(input, List.of(
        tracker.toBuilder().toolCode(new dev.awm.core.ToolCode(dev.awm.core.ToolCode.PYTHON, "from fastapi import FastAPI\n")).build(),
        calendar.toBuilder().toolCode(null).build())); // a spec, but no tool code yet
    Path dbs = dir.resolve("dbs");
    Result r = awm("env", "reset_db", "-i", input.toString(), "--database_dir", dbs.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // the same bytes as the runnable environment's initial image
    assertThat(Files.readAllBytes(dbs.resolve("project_tracker.db"))).isEqualTo(Environment.of(tracker).initialImage());
    assertThat(Files.readAllBytes(dbs.resolve("calendar_booking.db"))).isEqualTo(Environment.of(calendar).initialImage());
  }

  @Test
  void verifyARunDirectoryAndItsMistakes(@TempDir Path dir) throws Exception {
    EnvironmentDefinition def = StarterPack.load("calendar_booking");
    Environment env = Environment.of(def);
    try (EnvironmentHandle h = env.newHandle()) {
      for (ToolCall c : def.solution(5).orElseThrow().calls()) h.callTool(c);
      RunDirectory.write(dir, new RunDirectory.SavedRun(Map.of("scenario", "Calendar Booking", "task_id", 5, "task", def.tasks().get(5),
          "final_answer", ""), env.initialImage(), h.serialize()));
    }
    Result ok = awm("verify", dir.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("calendar_booking task 5: COMPLETE, reward 1.0");
    assertThat(Files.readString(dir.resolve("verify_result.json"))).contains("\"result\" : \"complete\"");
    assertThat(awm("verify", dir.toString(), "--mode", "code").code()).isZero();
    Result otherMode = awm("verify", dir.toString(), "--mode", "sql");
    assertThat(otherMode.code()).isEqualTo(2);
    assertThat(otherMode.err()).contains("task 5 of 'calendar_booking' has no sql-mode verifier");
    Result missing = awm("verify", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("trajectory.json not found");
  }

  @Test
  void agentAgainstAnOpenAiCompatibleServer(@TempDir Path dir) throws Exception {
    EnvironmentDefinition def = StarterPack.load("e_commerce");
    try (MockWebServer server = new MockWebServer()) {
      server.start(0);
      int i = 0;
      for (ToolCall c : def.solution(3).orElseThrow().calls()) {
        server.enqueue(json(Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "c" + (++i), "type", "function",
            "function", Map.of("name", c.name(), "arguments", JsonValues.write(c.arguments())))))));
      }
      server.enqueue(json(Map.of("role", "assistant", "content", "Your order now ships to the office.")));
      Result r = awm("agent", "-s", "e_commerce", "--task_id", "3", "--api_url", server.url("/v1").toString(), "--model", "local",
          "-o", dir.toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("stopped: answered", "reward: 1.0 (COMPLETE)");
      assertThat(dir.resolve("final.db")).exists();
    }
    Result neither = awm("agent", "-s", "e_commerce", "--api-url", "http://127.0.0.1:9/v1", "--model", "m");
    assertThat(neither.err()).contains("give exactly one of --task-id and --task");
  }

  @Test
  void agentWithTheReferenceProtocolSendsTheReferenceSettings(@TempDir Path dir) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(json(Map.of("role", "assistant", "content", "I could not find that order.")));
      server.start(0);
      Result r = awm("agent", "-s", "e_commerce", "--task_id", "0", "--api_url", server.url("/v1").toString(), "--model", "local",
          "--protocol", "reference", "-o", dir.toString());
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).contains("stopped: answered");
      JsonNode body = JsonValues.MAPPER.readTree(server.takeRequest().getBody().utf8());
      assertThat(body.path("messages").get(0).path("content").asString()).contains("# MCP Tools").contains("list_tools");
      assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
      assertThat(body.path("max_tokens").asInt()).isEqualTo(2048);
      assertThat(r.out()).contains("protocol: the reference's", "--vllm_extras to choose");
      // the reference decides vLLM from the address; a vLLM server elsewhere is named with --vllm_extras
      server.enqueue(json(Map.of("role", "assistant", "content", "I could not find that order.")));
      Result vllm = awm("agent", "-s", "e_commerce", "--task_id", "0", "--api_url", server.url("/v1").toString(), "--model", "local",
          "--protocol", "reference", "--vllm_extras", "-o", dir.resolve("vllm").toString());
      assertThat(vllm.out()).contains("protocol: the reference's, with its vLLM settings (--vllm_extras)");
      JsonNode extras = JsonValues.MAPPER.readTree(server.takeRequest().getBody().utf8());
      assertThat(extras.path("min_tokens").asInt()).isEqualTo(16);
      assertThat(extras.path("chat_template_kwargs").path("enable_thinking").asBoolean()).isTrue();
      server.enqueue(json(Map.of("role", "assistant", "content", "I could not find that order.")));
      Result plain = awm("agent", "-s", "e_commerce", "--task_id", "0", "--api_url", server.url("/v1").toString(), "--model", "local",
          "--protocol", "reference", "--vllm_extras", "false", "-o", dir.resolve("plain").toString());
      assertThat(plain.out()).contains("without its vLLM settings (--vllm_extras)");
      assertThat(JsonValues.MAPPER.readTree(server.takeRequest().getBody().utf8()).has("min_tokens")).isFalse();
    }
    assertThat(awm("agent", "-s", "e_commerce", "--task_id", "0", "--api_url", "http://127.0.0.1:9/v1", "--model", "m", "--vllm_extras").err())
        .contains("--vllm_extras goes with --protocol reference");
  }

  @Test
  void anAgentWhoseModelFailsIsATypedModelErrorNotAZeroReward(@TempDir Path dir) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(401).addHeader("Content-Type", "application/json")
          .body("{\"error\": {\"message\": \"Incorrect API key provided.\"}}").build());
      server.start(0);
      Result r = awm("agent", "-s", "e_commerce", "--task_id", "3", "--api_url", server.url("/v1").toString(), "--model", "local",
          "--timeout", "30", "--connect-timeout", "5", "-o", dir.toString());
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
      assertThat(r.out()).contains("stopped: model_error", "HTTP 401", "MODEL_ERROR");
      JsonNode result = JsonValues.MAPPER.readTree(java.nio.file.Files.readString(dir.resolve("verify_result.json")));
      assertThat(result.toString()).contains("model_error");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void agentOverMcpNeedsNoRunnableLocalDefinition(@TempDir Path dir) throws Exception {
    EnvironmentDefinition def = StarterPack.load("e_commerce");
    // the local definition only names the scenario and its tasks: its tool code is python, which cannot run here
    Path input = dir.resolve("input");
    dev.awm.core.AwmDirectory.write(input, List.of(def.toBuilder()
        .toolCode(new dev.awm.core.ToolCode(dev.awm.core.ToolCode.PYTHON, "from fastapi import FastAPI\napp = FastAPI()\n")).build()));
    Path run = dir.resolve("run");
    try (MockWebServer model = new MockWebServer();
        dev.awm.mcp.McpEnvironmentServer env = dev.awm.mcp.McpEnvironmentServer.builder(Environment.of(def)).port(0).build().start()) {
      model.start(0);
      int i = 0;
      for (ToolCall c : def.solution(3).orElseThrow().calls()) {
        model.enqueue(json(Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "c" + (++i), "type", "function",
            "function", Map.of("name", c.name(), "arguments", JsonValues.write(c.arguments())))))));
      }
      model.enqueue(json(Map.of("role", "assistant", "content", "Your order now ships to the office.")));
      Result r = awm("agent", "-i", input.toString(), "-s", "e_commerce", "--task_id", "3", "--api_url", model.url("/v1").toString(),
          "--model", "local", "--mcp-url", env.url().toString(), "-o", run.toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("stopped: answered", "saved: " + run.resolve("trajectory.json"));
      assertThat(Files.readString(run.resolve("trajectory.json"))).contains("\"mcp_url\" : \"" + env.url() + "\"", "\"task_id\" : 3");
    }
  }

  static MockResponse json(Map<String, Object> message) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(JsonValues.write(Map.of("model", "local",
        "choices", List.of(Map.of("index", 0, "message", message, "finish_reason", "stop")), "usage", Map.of("prompt_tokens", 1,
            "completion_tokens", 1)))).build();
  }
}
