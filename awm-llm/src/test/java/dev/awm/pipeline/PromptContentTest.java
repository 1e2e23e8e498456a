package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.llm.ChatRequest;
import dev.awm.llm.ScriptedModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the prompts carry: the simulated now, the rows the model needs, and the verifier's own contract alone. */
class PromptContentTest {
  static final String TODAY = "Today in this application: Wednesday, 2026-05-20 10:00:00 (UTC)";
  static ScriptedModel model;
  static Path output;

  @BeforeAll
  static void synthesize(@TempDir Path out) {
    output = out;
    model = StarterScript.model();
    PipelineResult r = Pipeline.scenario(StarterScript.scenarios().get(0)).model(model).outputDir(out).all().run();
    assertThat(r.gaveUp()).isEmpty();
  }

  static String prompt(String stage, String task) {
    List<ChatRequest> rs = model.requests().stream()
        .filter(q -> q.purpose("stage").equals(stage) && (task == null || q.purpose("task").equals(task))).toList();
    assertThat(rs).as(stage).isNotEmpty();
    return rs.get(0).messages().get(1).content();
  }

  @Test
  void theVerifierIsAskedForItsCriteriaAndItsRowKeepsTheModelsAnswer() throws Exception {
    assertThat(prompt("verifier", "0")).contains("\"success_criteria\"", "\"failure_criteria\"", "\"reasoning\"");
    List<tools.jackson.databind.JsonNode> rows = dev.awm.core.internal.Jsonl.read(output.resolve(dev.awm.core.AwmDirectory.VERIFIERS));
    assertThat(rows).isNotEmpty().allSatisfy(row -> {
      String raw = row.path("verification").path("raw_response").asString("");
      assertThat(raw).as("raw_response of task %s", row.path("task_idx")).isNotEmpty();
      // the model's answer is kept as it came: here the scripted answer, whose code is the row's code
      assertThat(dev.awm.core.internal.JsonValues.MAPPER.readTree(raw).path("code").asString()).isEqualTo(row.path("verification").path("code").asString());
    });
  }

  @Test
  void everyPromptThatNeedsADateStatesTheSimulatedNow() {
    for (String stage : List.of("tasks", "sample", "spec", "tools", "verifier", "solution", CrossExaminationStage.CHALLENGES)) {
      assertThat(prompt(stage, null)).as(stage).contains("2026-05-20 10:00:00");
    }
    assertThat(prompt("verifier", "0")).contains(TODAY).contains("db.now()");
  }

  @Test
  void theVerifierPromptCarriesItsOwnContractTheVerdictsAndTheRowsTheTaskTouches() {
    String p = prompt("verifier", "0");
    assertThat(p).contains("public constructor that takes NO arguments").contains("Verdict.complete(\"why\")` ONLY when you are certain")
        .contains("\"others\" is the reward 0");
    assertThat(p).doesNotContain("constructor taking `Db db`").doesNotContain("public Object <operation_id>(Args args)");
    // task 0 names the TrailPeak Ridge 2-Person Tent: its product row is shown, among the first tables
    assertThat(p).contains("\"name\":\"TrailPeak Ridge 2-Person Tent\"");
  }

  @Test
  void theSpecPromptShowsTheSampleRowsItsExamplesMustWorkOn() {
    assertThat(prompt("spec", null)).contains("Initial rows").contains("TrailPeak Ridge 2-Person Tent");
  }
}
