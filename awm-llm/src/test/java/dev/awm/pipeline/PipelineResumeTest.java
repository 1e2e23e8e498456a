package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.Scenario;
import dev.awm.core.StarterPack;
import dev.awm.core.VerifierCode;
import dev.awm.llm.ChatModel;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.LlmException;
import dev.awm.llm.ScriptedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped part-way keeps its finished work, and a rerun redoes none of it. */
class PipelineResumeTest {
  /** Counts calls per scenario and stage; refuses everything of {@code dead} (a model that went away mid-run). */
  static final class Counting implements ChatModel {
    final ChatModel delegate;
    final String dead;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    Counting(ChatModel delegate, String dead) {
      this.delegate = delegate;
      this.dead = dead;
    }

    @Override
    public dev.awm.llm.ChatResponse chat(ChatRequest r) {
      calls.computeIfAbsent(r.purpose("scenario") + "/" + r.purpose("stage"), k -> new AtomicInteger()).incrementAndGet();
      if (r.purpose("scenario").equals(dead)) throw new LlmException("connection reset (the run is being killed)");
      return delegate.chat(r);
    }

    int count(String scenario) {
      return calls.entrySet().stream().filter(e -> e.getKey().startsWith(scenario + "/")).mapToInt(e -> e.getValue().get()).sum();
    }
  }

  @Test
  void aRerunSkipsWhatIsDone(@TempDir Path out) throws Exception {
    ScriptedModel script = StarterScript.model();
    List<Scenario> scenarios = StarterScript.scenarios();

    // first run: the two first scenarios get as far as the spec; project_tracker's model calls fail
    Counting first = new Counting(script, "project_tracker");
    PipelineResult r1 = Pipeline.scenarios(scenarios).model(first).outputDir(out).configure(o -> o.retries(1))
        .tasks().database().stages(Stage.SPEC).run();
    assertThat(r1.gaveUp()).containsOnlyKeys("project_tracker");
    assertThat(r1.gaveUp().get("project_tracker")).startsWith("tasks failed after 2 attempt(s): the model request failed: connection reset");
    assertThat(Files.readString(out.resolve("gen_report.jsonl"))).contains("\"scenario\":\"project_tracker\"").contains("\"stage\":\"tasks\"");

    // a kill during an append leaves half a line behind
    Files.writeString(out.resolve("gen_spec.jsonl"), "{\"scenario\": \"project_tra", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    // second run, everything: finished stages are not asked again
    Counting second = new Counting(script, "nobody");
    PipelineResult r2 = Pipeline.scenarios(scenarios).model(second).outputDir(out).all().run();
    assertThat(r2.gaveUp()).isEmpty();
    assertThat(second.calls).doesNotContainKeys("e_commerce/tasks", "e_commerce/schema", "e_commerce/sample", "e_commerce/spec",
        "calendar_booking/tasks", "calendar_booking/schema", "calendar_booking/sample", "calendar_booking/spec");
    assertThat(second.calls.get("e_commerce/tools").get()).isEqualTo(1);
    assertThat(second.calls.get("project_tracker/tasks").get()).isEqualTo(1);
    assertThat(r2.summary().stage(Stage.SPEC).skipped()).isEqualTo(2);
    assertThat(r2.summary().stage(Stage.SPEC).in()).isEqualTo(1);
    // the report is this run's: the first run's give-up is not left behind (it is kept as the previous report)
    assertThat(Files.readString(out.resolve("gen_report.jsonl"))).doesNotContain("connection reset");
    assertThat(Files.readString(out.resolve("gen_report.previous.jsonl"))).contains("connection reset");

    // a third run has nothing left to do
    Counting third = new Counting(script, "nobody");
    PipelineResult r3 = Pipeline.scenarios(scenarios).model(third).outputDir(out).all().run();
    assertThat(third.calls).isEmpty();
    assertThat(r3.definitions()).hasSize(3);
    List<EnvironmentDefinition> onDisk = AwmDirectory.load(out);
    assertThat(onDisk).hasSize(3).allSatisfy(d -> {
      assertThat(d.verifiers()).hasSize(10);
      assertThat(d.solutions()).hasSize(10);
    });
  }

  @Test
  void aVerifierOnDiskThatDoesNotCompileDropsItsTaskNotTheScenario(@TempDir Path out) throws Exception {
    EnvironmentDefinition shop = StarterPack.load("e_commerce");
    List<VerifierCode> verifiers = new ArrayList<>(shop.verifiers());
    VerifierCode first = verifiers.get(0);
    verifiers.set(0, new VerifierCode(first.taskIndex(), first.task(), first.mode(), first.language(), "public class Broken { int x = ; }"));
    AwmDirectory.write(out, List.of(shop.toBuilder().verifiers(verifiers).solutions(List.of()).build()));
    ScriptedModel script = StarterScript.model();

    PipelineResult r = Pipeline.scenarios(List.of(StarterScript.scenarios().get(0))).model(script).outputDir(out)
        .stages(Stage.SOLUTIONS).run();

    assertThat(r.gaveUp()).isEmpty();
    assertThat(r.definitions()).singleElement().satisfies(d ->
        assertThat(d.solutions()).extracting(ReferenceSolution::taskIndex).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9));
    assertThat(r.summary().stage(Stage.SOLUTIONS).gaveUp()).isEqualTo(1);
    assertThat(Files.readString(out.resolve("gen_report.jsonl"))).contains("\"task_idx\":0").contains("does not compile");
    assertThat(script.requests()).noneMatch(q -> q.purpose("task").equals("0"));
  }

  @Test
  void stagesRunAloneFromTheFilesAndSayWhatIsMissing(@TempDir Path out) {
    ScriptedModel script = StarterScript.model();
    List<Scenario> one = List.of(StarterScript.scenarios().get(0));
    PipelineResult spec = Pipeline.scenarios(one).model(script).outputDir(out).stages(Stage.SPEC).run();
    assertThat(spec.gaveUp().get("e_commerce")).isEqualTo("spec needs the schema stage, which is not done for this scenario");
    Pipeline.scenarios(one).model(script).outputDir(out).stages(Stage.TASKS).run();
    Pipeline.scenarios(one).model(script).outputDir(out).stages(Stage.SCHEMA).run();
    PipelineResult db = Pipeline.scenarios(one).model(script).outputDir(out).stages(Stage.SAMPLE).run();
    assertThat(db.gaveUp()).isEmpty();
    assertThat(db.definitions().get(0).sampleData().statements()).hasSizeGreaterThan(100);
    assertThat(out.resolve("gen_tasks.jsonl")).exists();
    assertThat(out.resolve("gen_db.jsonl")).exists();
    assertThat(out.resolve("gen_sample.jsonl")).exists();
    assertThat(out.resolve("gen_spec.jsonl")).doesNotExist();
    assertThatThrownBy(() -> Pipeline.scenarios(one).model(script).outputDir(out).run()).hasMessageContaining("no stages");
    assertThatThrownBy(() -> Pipeline.scenarios(one).outputDir(out).tasks().run()).hasMessageContaining("model");
  }
}
