package dev.awm.cli;

import static dev.awm.cli.CliTest.awm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.Jsonl;
import dev.awm.mcp.McpToolSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference CLI's options beyond its README: {@code env start --db_path} and gen's tuning options. */
class ReferenceOptionsTest {
  @Test
  void envStartServesAGivenDatabaseFileWithoutWritingIt(@TempDir Path dir) throws Exception {
    CliTest.Result reset = awm("env", "reset_db", "-s", "e_commerce", "--database_dir", dir.toString());
    assertThat(reset.code()).as(reset.err()).isZero();
    Path db = dir.resolve("e_commerce.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE products SET name = 'Renamed Headphones', stock = 3 WHERE id = 1");
    }
    String before = sha(db);

    Serving serving = new Serving("env", "start", "-s", "e_commerce", "--port", "0", "--db_path", db.toString());
    assertThat(serving.out.toString()).contains("every session starting from " + db);
    try (McpToolSession a = McpToolSession.connect(serving.url, Duration.ofSeconds(10));
        McpToolSession b = McpToolSession.connect(serving.url, Duration.ofSeconds(10))) {
      assertThat(a.callTool("get_product", Map.of("product_id", 1)).content()).contains("Renamed Headphones").contains("\"stock\":3");
      assertThat(a.callTool("add_to_cart", Map.of("product_id", 1, "quantity", 1)).isError()).isFalse();
      assertThat(a.callTool("get_cart", Map.of()).content()).contains("Renamed Headphones");
      // another session starts from the file too, not from what the first one did
      assertThat(b.callTool("get_cart", Map.of()).content()).doesNotContain("Renamed Headphones");
    } finally {
      assertThat(serving.stop()).as(serving.err.toString()).isZero();
    }
    assertThat(sha(db)).as("the file is read, never written").isEqualTo(before);
  }

  @Test
  void envStartKeepsARunDirectoryPerSessionWhenAsked(@TempDir Path dir) throws Exception {
    Path runs = dir.resolve("servers");
    Serving serving = new Serving("env", "start", "-s", "e_commerce", "--port", "0", "--output_dir", runs.toString());
    try (McpToolSession a = McpToolSession.connect(serving.url, Duration.ofSeconds(10))) {
      assertThat(a.callTool("add_to_cart", Map.of("product_id", 1, "quantity", 2)).isError()).isFalse();
      assertThat(a.callTool("get_product", Map.of("product_id", 999_999)).isError()).isTrue();
    } // closing the client deletes the session: its final state is written
    try (McpToolSession idle = McpToolSession.connect(serving.url, Duration.ofSeconds(10))) {
      assertThat(idle.listTools()).isNotEmpty(); // no tool call: no database opened, no run directory
    } finally {
      assertThat(serving.stop()).as(serving.err.toString()).isZero();
    }
    List<Path> sessions;
    try (var list = Files.list(runs.resolve("e_commerce"))) {
      sessions = list.toList();
    }
    assertThat(sessions).hasSize(1);
    Path run = sessions.get(0);
    assertThat(Files.readAllBytes(run.resolve("initial.db"))).isEqualTo(
        dev.awm.runtime.Environment.of(dev.awm.core.StarterPack.load("e_commerce")).initialImage());
    List<String> log = Files.readAllLines(run.resolve("server.log"));
    assertThat(log).anyMatch(l -> l.contains("call add_to_cart {") && l.contains("\"quantity\":2") && l.contains("} -> ok: "))
        .anyMatch(l -> l.contains("call get_product {\"product_id\":999999} -> error"))
        .anyMatch(l -> l.contains("session closed"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + run.resolve("final.db")); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT quantity FROM cart_items WHERE cart_id = 1 AND product_id = 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  @Test
  void aDatabaseFileThatIsNotThisScenariosIsRefusedByName(@TempDir Path dir) throws Exception {
    assertThat(awm("env", "reset_db", "-s", "project_tracker", "--database_dir", dir.toString()).code()).isZero();
    CliTest.Result other = awm("env", "start", "-s", "e_commerce", "--port", "0", "--db_path", dir.resolve("project_tracker.db").toString());
    assertThat(other.code()).isNotZero();
    assertThat(other.err()).contains("project_tracker.db lacks table(s)", "products");
    Files.writeString(dir.resolve("notes.db"), "these are notes, not a database, but long enough to have a header of a hundred bytes..........");
    CliTest.Result text = awm("env", "start", "-s", "e_commerce", "--port", "0", "--db_path", dir.resolve("notes.db").toString());
    assertThat(text.err()).contains("notes.db cannot be read as SQLite");
    assertThat(awm("env", "start", "-s", "e_commerce", "--db_path", dir.resolve("nope.db").toString()).err())
        .contains("no such database file: " + dir.resolve("nope.db"));
  }

  @Test
  void genTakesTheReferencesTuningOptions(@TempDir Path dir) throws Exception {
    CliTest.Result tasks = awm("gen", "task", "-o", dir.toString(), "--shuffle", "--limit", "1", "--temperature", "0.5", "--offline");
    assertThat(tasks.code()).as(tasks.out() + tasks.err()).isZero();
    assertThat(Jsonl.read(dir.resolve("gen_tasks.jsonl"))).hasSize(1);
    CliTest.Result db = awm("gen", "db", "-o", dir.toString(), "--offline");
    assertThat(db.code()).as(db.err()).isZero();
    Path dbs = dir.resolve("databases");
    CliTest.Result sample = awm("gen", "sample", "-o", dir.toString(), "--error_threshold", "0.2", "--database_dir", dbs.toString(), "--offline");
    assertThat(sample.code()).as(sample.out() + sample.err()).isZero();
    String scenario = Jsonl.read(dir.resolve("gen_tasks.jsonl")).get(0).get("scenario").asString();
    Path file = dbs.resolve(dev.awm.core.internal.ScenarioNames.normalize(scenario) + ".db");
    assertThat(sample.out()).contains("wrote " + file);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
      assertThat(rs.getInt(1)).isPositive();
    }

    assertThat(awm("gen", "scenario", "-o", dir.toString(), "--scenarios_per_request", "0", "--offline").err())
        .contains("--scenarios_per_request must be >= 1");
    assertThat(awm("gen", "scenario", "-o", dir.toString(), "--embedding_similarity_threshold", "1.5", "--offline").err())
        .contains("--embedding_similarity_threshold must be in (0, 1]");
    assertThat(awm("gen", "task", "-o", dir.toString(), "--concurrency", "3", "--num_parallel_requests", "2", "--offline").err())
        .contains("give --concurrency or --num_parallel_requests, not both");
    assertThat(awm("gen", "sample", "-o", dir.toString(), "--error_threshold", "2", "--offline").err()).contains("--error_threshold must be in [0, 1]");
  }

  @Test
  void keptSeedsAreTheFirstScenariosOfTheOutput(@TempDir Path dir) throws Exception {
    Path seeds = dir.resolve("seed_scenario.jsonl");
    String seedRows = "{\"name\":\"Zoo Tickets\",\"description\":\"Visitors buy zoo tickets and book feeding tours.\",\"suitability_level\":\"high\"}\n"
        + "{\"name\":\"Bike Rental\",\"description\":\"Riders rent bikes by the hour at city stations.\",\"suitability_level\":\"medium\"}\n";
    Files.writeString(seeds, seedRows);
    Path out = dir.resolve("out");
    CliTest.Result r = awm("gen", "scenario", "-o", out.toString(), "--seeds", seeds.toString(), "--keep_seeds", "--target_count", "2", "--offline");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(Jsonl.read(out.resolve("gen_scenario.jsonl"))).extracting(row -> row.get("name").asString() + "/" + row.get("suitability_level").asString())
        .containsExactly("Zoo Tickets/high", "Bike Rental/medium");
    assertThat(Files.readString(seeds)).as("the seed file is input only").isEqualTo(seedRows);
  }

  @Test
  void withoutADirectoryTheReferencesOutputsFolderIsReadWhenItHoldsEnvironments(@TempDir Path cwd) throws Exception {
    assertThat(Definitions.referenceDefault(cwd)).as("no outputs: the starter pack").isNull();
    Files.createDirectories(cwd.resolve("outputs/agents"));
    assertThat(Definitions.referenceDefault(cwd)).as("run directories alone do not count").isNull();
    Files.writeString(cwd.resolve("outputs/gen_envs.jsonl"), "");
    assertThat(Definitions.referenceDefault(cwd)).isEqualTo(cwd.resolve("outputs"));
  }

  @Test
  void aReferenceShapedRunVerifiesWithTheReferencesOptionsAndGivesItsFile(@TempDir Path dir) throws Exception {
    // the reference's layout: code-mode verifiers in gen_verifier.pure_code.jsonl, sql-mode ones in gen_verifier.jsonl
    dev.awm.core.EnvironmentDefinition def = dev.awm.core.StarterPack.load("calendar_booking");
    Path outputs = dir.resolve("outputs");
    dev.awm.core.AwmDirectory.write(outputs, List.of(def));
    Files.move(outputs.resolve("gen_verifier.jsonl"), outputs.resolve("gen_verifier.pure_code.jsonl"));
    dev.awm.core.VerifierCode sql = new dev.awm.core.VerifierCode(5, def.tasks().get(5), dev.awm.core.VerifierMode.SQL, "java",
        "import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class E { public Map gather(Db initial, Db current) { return new HashMap(); } }");
    Files.writeString(outputs.resolve("gen_verifier.jsonl"), dev.awm.core.internal.JsonValues.write(dev.awm.core.internal.AwmRows.verifierRow(def, sql)) + "\n");
    Path run = dir.resolve("run");
    dev.awm.runtime.Environment env = dev.awm.runtime.Environment.of(def);
    try (dev.awm.runtime.EnvironmentHandle h = env.newHandle()) {
      for (dev.awm.core.ToolCall c : def.solution(5).orElseThrow().calls()) h.callTool(c);
      // trajectory.json as the reference's agent writes it: the steps, the messages, no final_answer field
      dev.awm.verify.RunDirectory.write(run, new dev.awm.verify.RunDirectory.SavedRun(Map.of("scenario", "Calendar Booking", "task_id", 5,
          "task", def.tasks().get(5), "model", "Snowflake/Arctic-AWM-4B", "total_iterations", 3, "trajectory", List.of(Map.of("iteration", 1,
              "role", "assistant", "content", "Done.", "tool_calls", List.of(), "is_final", true)),
          "messages", List.of(Map.of("role", "user", "content", def.tasks().get(5)), Map.of("role", "assistant", "content", "Done."))),
          env.initialImage(), h.serialize()));
    }
    CliTest.Result code = awm("verify", "--input", run.toString(), "--mode", "code", "--verifier_path", outputs + "/gen_verifier.jsonl",
        "--verifier_code_path", outputs + "/gen_verifier.pure_code.jsonl");
    assertThat(code.code()).as(code.out() + code.err()).isZero();
    assertThat(code.out()).contains("COMPLETE", "verify.code.json");
    tools.jackson.databind.JsonNode f = dev.awm.core.internal.JsonValues.MAPPER.readTree(Files.readString(run.resolve("verify.code.json")));
    assertThat(f.path("reward_type").asString()).isEqualTo("complete");
    assertThat(f.path("task").asString()).isEqualTo(def.tasks().get(5));
    // --mode sql takes the task's row from gen_verifier.jsonl, which needs a judge (a model): without one it says so
    if (dev.awm.llm.LlmConfig.configuredIn(System.getenv())) return; // a machine with a key would ask the live model
    CliTest.Result sqlMode = awm("verify", "--input", run.toString(), "--mode", "sql", "--verifier_path", outputs + "/gen_verifier.jsonl",
        "--verifier_code_path", outputs + "/gen_verifier.pure_code.jsonl");
    assertThat(sqlMode.code()).isNotZero();
    assertThat(sqlMode.err()).doesNotContain("has no sql-mode verifier").contains("OPENAI_API_KEY");
  }

  @Test
  void agentReadsTheReferencesFilesByOptionWhateverTheyAreCalled(@TempDir Path dir) throws Exception {
    dev.awm.core.EnvironmentDefinition def = dev.awm.core.StarterPack.load("e_commerce");
    Path outputs = dir.resolve("outputs");
    dev.awm.core.AwmDirectory.write(outputs, List.of(def));
    // the files as a user's scripts keep them: other names, another folder
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.move(outputs.resolve("gen_envs.jsonl"), elsewhere.resolve("envs_v2.jsonl"));
    Files.move(outputs.resolve("gen_tasks.jsonl"), elsewhere.resolve("tasks_v2.jsonl"));
    Files.move(outputs.resolve("gen_db.jsonl"), elsewhere.resolve("schema_v2.jsonl"));
    Files.move(outputs.resolve("gen_sample.jsonl"), elsewhere.resolve("sample_v2.jsonl"));
    List<String> fileOptions = List.of("--envs_path", elsewhere.resolve("envs_v2.jsonl").toString(), "--tasks_path",
        elsewhere.resolve("tasks_v2.jsonl").toString(), "--db_path", elsewhere.resolve("schema_v2.jsonl").toString(), "--sample_path",
        elsewhere.resolve("sample_v2.jsonl").toString());
    // the tools' spec is not beside the named files: the environment would have no tools, so it is refused by name
    CliTest.Result noSpec = awm(agentArgs("http://127.0.0.1:9/v1", dir.resolve("x"), fileOptions));
    assertThat(noSpec.code()).isNotZero();
    assertThat(noSpec.err()).contains("'e_commerce'", "no API spec (gen_spec.jsonl)", "--envs_path");
    Files.move(outputs.resolve("gen_spec.jsonl"), elsewhere.resolve("gen_spec.jsonl"));
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start(0);
      for (int round = 0; round < 2; round++) {
        int i = 0;
        for (dev.awm.core.ToolCall c : def.solution(3).orElseThrow().calls()) {
          server.enqueue(CliTest.json(Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "c" + (++i), "type",
              "function", "function", Map.of("name", c.name(), "arguments", dev.awm.core.internal.JsonValues.write(c.arguments())))))));
        }
        server.enqueue(CliTest.json(Map.of("role", "assistant", "content", "Your order now ships to the office.")));
      }
      // no verifier beside them either: the run is saved and the reward is said to be not computed, never a 0
      Path run = dir.resolve("run");
      CliTest.Result r = awm(agentArgs(server.url("/v1").toString(), run, fileOptions));
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("3. change_order_address", "reward: not computed: no verifier for task 3", "awm verify " + run)
          .doesNotContain("ERROR");
      assertThat(run.resolve("final.db")).exists();
      tools.jackson.databind.JsonNode first = dev.awm.core.internal.JsonValues.MAPPER.readTree(server.takeRequest().getBody().utf8());
      assertThat(first.path("messages").toString()).contains("Nordhaus Espresso Machine"); // the task text comes from the tasks file
      // with the verifiers beside the files, the same run is scored
      Files.move(outputs.resolve("gen_verifier.jsonl"), elsewhere.resolve("gen_verifier.jsonl"));
      CliTest.Result scored = awm(agentArgs(server.url("/v1").toString(), dir.resolve("run2"), fileOptions));
      assertThat(scored.code()).as(scored.out() + scored.err()).isZero();
      assertThat(scored.out()).contains("reward: 1.0 (COMPLETE)");
    }
    // a file that is not there is named with its option, and the options do not mix with a directory
    CliTest.Result missing = awm("agent", "-s", "e_commerce", "--task_id", "3", "--api_url", "http://127.0.0.1:9/v1", "--model", "m",
        "--envs_path", elsewhere.resolve("envs_v2.jsonl").toString(), "--tasks_path", dir.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("--tasks_path", "nope.jsonl");
    CliTest.Result both = awm("agent", "-s", "e_commerce", "--task_id", "3", "--api_url", "http://127.0.0.1:9/v1", "--model", "m",
        "-i", outputs.toString(), "--envs_path", elsewhere.resolve("envs_v2.jsonl").toString());
    assertThat(both.err()).contains("not both");
  }

  private static String[] agentArgs(String apiUrl, Path out, List<String> fileOptions) {
    List<String> args = new java.util.ArrayList<>(List.of("agent", "-s", "e_commerce", "--task_id", "3", "--api_url", apiUrl, "--model",
        "local", "-o", out.toString()));
    args.addAll(fileOptions);
    return args.toArray(String[]::new);
  }

  private static String sha(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
