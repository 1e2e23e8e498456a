package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.internal.Jsonl;
import dev.awm.core.Scenario;
import dev.awm.core.StarterPack;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.ScriptedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The pipeline cross-examines each verifier; the flaws of the real model's trial are caught, and a disagreement goes to the verifier's author. */
class CrossExaminationPipelineTest {
  static final EnvironmentDefinition SHOP = StarterPack.load("e_commerce");
  static final String TASK3 = ScriptedModel.taskKey("e_commerce", 3);
  static final String HEAD = "import java.util.*;\nimport dev.awm.runtime.api.*;\nimport dev.awm.verify.api.*;\n";
  /** Accepts any non-empty answer when nothing changed (the trial's "renew every book due within 7 days" verifier). */
  static final String ANY_ANSWER = HEAD + "public class AnyAnswer {\n  public Verdict verify(Db initial, Db current, String finalAnswer) {\n"
      + "    if (!Objects.equals(initial.scalar(\"SELECT address_id FROM orders WHERE id = 6\"), current.scalar(\"SELECT address_id FROM orders WHERE id = 6\")))"
      + " return Verdict.complete(\"moved\");\n    return finalAnswer.trim().isEmpty() ? Verdict.others(\"nothing\") : Verdict.complete(\"explained\");\n  }\n}\n";
  /** Reads the wall clock (the trial's second cause: sample data in 2024, the verifier in 2026). */
  static final String WALL_CLOCK = HEAD + "public class WallClock {\n  public Verdict verify(Db initial, Db current, String finalAnswer) {\n"
      + "    return java.time.LocalDate.now().getYear() > 2030 ? Verdict.complete(\"late\") : Verdict.others(\"not yet\");\n  }\n}\n";
  /** Counts a near-miss row: any order newly shipping to the Office address passes. */
  static final String NEAR_MISS_ROWS = HEAD + "public class AnyOrder {\n  public Verdict verify(Db initial, Db current, String finalAnswer) {\n"
      + "    Object office = initial.scalar(\"SELECT id FROM addresses WHERE user_id = 1 AND label = 'Office'\");\n"
      + "    Long before = (Long) initial.scalar(\"SELECT count(*) FROM orders WHERE user_id = 1 AND address_id = ?\", office);\n"
      + "    Long after = (Long) current.scalar(\"SELECT count(*) FROM orders WHERE user_id = 1 AND address_id = ?\", office);\n"
      + "    return after.longValue() > before.longValue() ? Verdict.complete(\"an order ships to the Office\") : Verdict.others(\"none moved\");\n"
      + "  }\n}\n";

  static PipelineResult run(Path out, ScriptedModel model, boolean keepUntrusted) {
    Scenario shop = StarterScript.scenarios().get(0);
    return Pipeline.scenario(shop).model(model).outputDir(out).configure(o -> o.concurrency(2).keepUntrusted(keepUntrusted)).all().run();
  }

  static String code(String c) {
    return JsonValues.write(Map.of("code", c));
  }

  @Test
  void aVerifierThatAcceptsAnyAnswerOnTheNoOpOrReadsTheWallClockIsSentBack(@TempDir Path out) {
    ScriptedModel model = StarterScript.builder()
        .failFirst("verifier", TASK3, ChatResponse.text(code(ANY_ANSWER)))
        .failFirst("verifier", ScriptedModel.taskKey("e_commerce", 4), ChatResponse.text(code(WALL_CLOCK))).build();
    PipelineResult r = run(out, model, false);
    assertThat(r.gaveUp()).isEmpty();
    assertThat(feedback(model, "verifier", 3)).contains("the final answer \"Done.\"");
    assertThat(feedback(model, "verifier", 4))
        .contains("java.time.LocalDate.now").contains("wall clock").contains("db.now()");
    assertThat(r.definitions().get(0).solutions()).hasSize(10);
  }

  @Test
  void aVerifierThatCountsNearMissRowsIsRevisedByItsAuthor(@TempDir Path out) throws IOException {
    ScriptedModel model = StarterScript.builder()
        .answer("verifier", TASK3, code(NEAR_MISS_ROWS))
        .answer(CrossExaminationStage.REVISION, TASK3, JsonValues.write(Map.of("verifier_correct", false,
            "reason", "it counted any order moved to the Office", "code", SHOP.verifier(3).orElseThrow().code()))).build();
    PipelineResult r = run(out, model, false);
    assertThat(r.gaveUp()).isEmpty();
    ChatRequest revision = only(model, CrossExaminationStage.REVISION);
    String prompt = revision.messages().get(1).content();
    assertThat(prompt).contains("It is meant NOT to complete the task; your verifier said complete").contains("near miss");
    // the revision is appended; the directory reads the later row
    assertThat(Jsonl.read(out.resolve(AwmDirectory.VERIFIERS))).filteredOn(n -> n.path("task_idx").asInt() == 3).hasSize(2);
    EnvironmentDefinition d = AwmDirectory.load(out).get(0);
    assertThat(d.verifier(3).orElseThrow().code()).isEqualTo(SHOP.verifier(3).orElseThrow().code());
    JsonNode trust = trustOf(out, 3);
    assertThat(trust.path("trust").path("trusted").asBoolean()).isTrue();
    assertThat(trust.path("verifier_revisions").asInt()).isEqualTo(1);
  }

  @Test
  void aVerifierWhoseAuthorStandsByAFlawIsDroppedOrKeptMarked(@TempDir Path dropped, @TempDir Path kept) throws IOException {
    for (Path out : List.of(dropped, kept)) {
      ScriptedModel model = StarterScript.builder().answer("verifier", TASK3, code(NEAR_MISS_ROWS))
          .answer(CrossExaminationStage.REVISION, TASK3, JsonValues.write(Map.of("verifier_correct", true,
              "reason", "moving any order to the Office is what the user wanted"))).build();
      PipelineResult r = run(out, model, out == kept);
      JsonNode trust = trustOf(out, 3);
      assertThat(trust.path("trust").path("trusted").asBoolean()).isFalse();
      assertThat(trust.path("trust").path("checks").toString()).contains("near_miss");
      EnvironmentDefinition d = r.definitions().get(0);
      if (out == dropped) {
        assertThat(trust.path("kept").asBoolean()).isFalse();
        assertThat(d.solution(3)).isEmpty();
        assertThat(d.solutions()).hasSize(9);
        assertThat(r.summary().describe()).contains("task 3 dropped").contains("cross-examination");
        // the defense reached the writer of the challenges, who was asked again
        assertThat(model.requests()).filteredOn(q -> q.purpose("stage").equals(CrossExaminationStage.CHALLENGES) && q.purpose("task").equals("3"))
            .hasSizeGreaterThan(1).last().satisfies(q -> assertThat(q.messages().get(1).content()).contains("moving any order to the Office"));
      } else {
        assertThat(trust.path("kept").asBoolean()).isTrue();
        assertThat(Jsonl.read(out.resolve(AwmDirectory.SOLUTIONS))).filteredOn(n -> n.path("task_idx").asInt() == 3)
            .singleElement().satisfies(n -> assertThat(n.path("trusted").asBoolean(true)).isFalse());
      }
    }
  }

  /** The feedback the second attempt of {@code stage} for e_commerce task {@code task} carried. */
  static String feedback(ScriptedModel model, String stage, int task) {
    return model.requests().stream().filter(q -> q.purpose("stage").equals(stage) && q.purpose("scenario").equals("e_commerce")
        && q.purpose("task").equals(Integer.toString(task)) && q.purpose("attempt").equals("2"))
        .map(q -> q.messages().get(q.messages().size() - 1).content()).findFirst().orElseThrow();
  }

  static JsonNode trustOf(Path out, int task) throws IOException {
    return Jsonl.read(out.resolve("gen_report.jsonl")).stream().filter(n -> n.has("trust") && n.path("task_idx").asInt() == task)
        .reduce((a, b) -> b).orElseThrow();
  }

  static ChatRequest only(ScriptedModel model, String stage) {
    List<ChatRequest> rs = model.requests().stream().filter(q -> q.purpose("stage").equals(stage)).toList();
    assertThat(rs).hasSize(1);
    return rs.get(0);
  }
}
