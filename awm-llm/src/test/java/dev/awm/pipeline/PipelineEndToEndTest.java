package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.Jsonl;
import tools.jackson.databind.JsonNode;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.StarterPack;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.ScriptedModel;
import dev.awm.runtime.Environment;
import dev.awm.verify.ReplayCheck;
import dev.awm.verify.TaskCheck;
import dev.awm.verify.TaskVerifiers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline, end to end: the scripted model answers from the starter pack; from the three scenarios
 * to three environments whose every task passes the replay check. Once per stage the script first
 * gives a faulty answer, and each is caught, fed back, and fixed.
 */
class PipelineEndToEndTest {
  private static String firstToolThrows(String source, String op) {
    String head = "public Object " + op + "(Args args) {";
    int at = source.indexOf(head);
    assertThat(at).as("tool code has " + op).isPositive();
    return source.substring(0, at + head.length()) + " if (true) throw new IllegalStateException(\"boom\");" + source.substring(at + head.length());
  }

  @Test
  void synthesizesTheStarterScenariosAndRecoversFromAFaultPerStage(@TempDir Path out) throws java.io.IOException {
    EnvironmentDefinition shop = StarterPack.load("e_commerce");
    EnvironmentDefinition tracker = StarterPack.load("project_tracker");
    String firstOp = shop.spec().endpoints().get(0).operationId();
    String badSample = AwmRows.sampleRow(tracker).get("sample_data").toString()
        .replaceFirst("\"insert_statements\":\\[", "\"insert_statements\":[\"INSERT INTO no_such_table (id) VALUES (1);\",");
    ScriptedModel model = StarterScript.builder()
        .failFirst("tasks", "e_commerce", ChatResponse.text("Here you go: {\"tasks\": [\"Find my order\", "))
        .failFirst("schema", "calendar_booking", ChatResponse.text("{\"tables\": [{\"name\": \"users\", \"ddl\": \"CREATE TABLE users (id INTEGER PRIMARY KEY,, name TEXT)\"}]}"))
        .failFirst("sample", "project_tracker", ChatResponse.text(badSample))
        .failFirst("tools", "e_commerce", ChatResponse.text(JsonValues.write(Map.of("full_code", "public class Broken { int x = ; }"))))
        .failFirst("tools", "e_commerce", ChatResponse.text(JsonValues.write(Map.of("full_code", firstToolThrows(shop.toolCode().source(), firstOp)))))
        .failFirst("verifier", ScriptedModel.taskKey("calendar_booking", 0), ChatResponse.text(JsonValues.write(Map.of("code",
            "import dev.awm.runtime.api.*;\nimport dev.awm.verify.api.*;\npublic class Lazy {\n"
                + "  public Verdict verify(Db initial, Db current, String finalAnswer) { return Verdict.complete(\"looks fine\"); }\n}\n"))))
        .failFirst("solution", ScriptedModel.taskKey("project_tracker", 2), ChatResponse.text("{\"calls\": [{\"name\": \"teleport_issue\", \"arguments\": {}}], \"final_answer\": \"\"}"))
        .build();
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    PipelineResult result = Pipeline.scenarios(StarterScript.scenarios())
        .model(model).outputDir(out)
        .configure(o -> o.concurrency(4).listener(events::add))
        .tasks().database().toolInterface().verifier()
        .run();

    assertThat(result.gaveUp()).isEmpty();
    assertThat(result.definitions()).extracting(EnvironmentDefinition::name)
        .containsExactly("e_commerce", "calendar_booking", "project_tracker");
    for (EnvironmentDefinition d : result.definitions()) {
      EnvironmentDefinition original = StarterPack.load(d.name());
      assertThat(d.tasks()).isEqualTo(original.tasks());
      assertThat(d.sampleData().statements()).isEqualTo(original.sampleData().statements());
      TaskVerifiers verifiers = TaskVerifiers.compile(Environment.of(d));
      List<TaskCheck> checks = ReplayCheck.run(verifiers);
      assertThat(checks).hasSize(10).allSatisfy(c -> assertThat(c.passed()).as(d.name() + " task " + c.taskIndex() + ": " + c.problems()).isTrue());
    }

    // each fault was fed back, and the next attempt fixed it
    assertThat(feedbackOf(model, "tasks", "e_commerce", null)).contains("not complete");
    assertThat(feedbackOf(model, "schema", "calendar_booking", null)).contains("schema statement failed").contains("syntax error");
    assertThat(feedbackOf(model, "sample", "project_tracker", null)).contains("insert failed: ").contains("no such table: no_such_table");
    assertThat(feedbackOf(model, "tools", "e_commerce", 2)).contains("tools does not compile: line 1");
    assertThat(feedbackOf(model, "tools", "e_commerce", 3)).contains(firstOp + " called with the spec's example arguments")
        .contains("IllegalStateException: boom");
    assertThat(feedbackOf(model, "verifier", "calendar_booking", null)).contains("says complete for the untouched initial state");
    assertThat(feedbackOf(model, "solution", "project_tracker", null)).contains("unknown tool 'teleport_issue'");

    PipelineSummary s = result.summary();
    assertThat(s.stage(Stage.TASKS).retried()).isEqualTo(1);
    assertThat(s.stage(Stage.SCHEMA).retried()).isEqualTo(1);
    assertThat(s.stage(Stage.SAMPLE).retried()).isEqualTo(1);
    // e_commerce's faults, and project_tracker's start_sprint example: every planned sprint's project already has an
    // active one, so the example answers with a tool error; it is fed back once, and the same code is then kept
    assertThat(s.stage(Stage.TOOLS).retried()).isEqualTo(2);
    assertThat(feedbackOf(model, "tools", "project_tracker", null)).contains("start_sprint called with the spec's example arguments")
        .contains("already has an active sprint");
    assertThat(s.stage(Stage.VERIFIERS)).satisfies(c -> {
      assertThat(c.in()).isEqualTo(30);
      assertThat(c.out()).isEqualTo(30);
      assertThat(c.retried()).isEqualTo(1);
    });
    assertThat(s.stage(Stage.SOLUTIONS).retried()).isEqualTo(1);
    // 5 scenario-level stages x 3 scenarios, 3 per-task requests (verifier, solution, challenges) x 30 tasks,
    // 7 faulty first answers and project_tracker's second tools attempt
    assertThat(s.modelCalls()).isEqualTo(3 * 5 + 3 * 30 + 7 + 1);
    // every task was cross-examined with every kind of check, and trusted
    List<JsonNode> trust = Jsonl.read(out.resolve("gen_report.jsonl")).stream().filter(r -> r.has("trust")).toList();
    assertThat(trust).hasSize(30).allSatisfy(r -> {
      assertThat(r.path("trust").path("trusted").asBoolean()).as(r.toString()).isTrue();
      assertThat(r.path("trust").path("complete").asBoolean()).isTrue();
      assertThat(r.path("kept").asBoolean()).isTrue();
    });
    assertThat(result.definitions()).allSatisfy(d -> assertThat(d.challenges()).hasSizeGreaterThanOrEqualTo(30));
    assertThat(events).anyMatch(e -> e.kind() == ProgressEvent.Kind.RETRY && e.stage() == Stage.TOOLS);
    assertThat(events).filteredOn(e -> e.kind() == ProgressEvent.Kind.DONE && e.stage() == Stage.SAMPLE).hasSize(3);
  }

  /** The feedback message sent with the given attempt (default: the second) of a stage. */
  static String feedbackOf(ScriptedModel model, String stage, String scenario, Integer attempt) {
    String want = Integer.toString(attempt == null ? 2 : attempt);
    for (ChatRequest r : model.requests()) {
      boolean match = r.purpose("stage").equals(stage) && r.purpose("scenario").equals(scenario) && r.purpose("attempt").equals(want);
      if (match) return r.messages().get(r.messages().size() - 1).content();
    }
    throw new AssertionError("no attempt " + want + " of " + stage + " for " + scenario);
  }
}
