package dev.awm.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ToolCode;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ScriptedModel;
import dev.awm.port.internal.PortFixtures;
import dev.awm.port.internal.ReferencePython;
import dev.awm.runtime.Environment;
import dev.awm.verify.CrossExamination;
import dev.awm.verify.TaskVerifiers;
import dev.awm.verify.TrustRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port stage on the three fixtures, offline (a scripted model answers with the Java ports, the
 * first Recipe Box answer off by one): with the originals running, everything ports, the wrong
 * answer is caught and fed back, the report says what matched, a rerun resumes without a model
 * call, and the pipeline's solution stage on the output gives reference solutions that pass the
 * cross-examination ({@code awm env validate}). Without Python the port still runs, and says that
 * nothing was compared.
 */
class PortStageTest {
  private static PipelineOptions options(ScriptedModel model, Path out) {
    return PipelineOptions.builder().model(model).outputDir(out).concurrency(3).retries(2).build();
  }

  @Test
  void theFixturesPortCheckedAgainstTheirOriginalsAndValidate(@TempDir Path dir) throws Exception {
    PythonRuntime python = ReferencePython.require("PortStageTest");
    Path in = PortFixtures.extract(dir.resolve("reference"));
    Path out = dir.resolve("ported");
    ScriptedModel model = PortScript.model();
    PortResult r = Port.from(in).options(options(model, out)).python(python).run();

    assertTrue(r.checked());
    assertEquals(3, r.definitions().size());
    assertTrue(r.clean(), r.reports().stream().filter(x -> !x.clean()).map(PortReport::toJson).toList().toString());
    // 3 tool ports (Recipe Box twice: its first answer was off by one) and 6 verifier ports
    assertEquals(10, model.calls());
    ChatRequest retry = model.requests().stream().filter(q -> q.purpose("scenario").equals("recipe_box")
        && q.purpose("stage").equals(Stage.PORT_TOOLS.key()) && q.purpose("attempt").equals("2")).findFirst().orElseThrow();
    String feedback = retry.messages().get(retry.messages().size() - 1).content();
    assertTrue(feedback.contains("search_recipes") && feedback.contains("python has 2 items, java 1"), feedback);
    PortReport recipe = r.reports().stream().filter(x -> x.scenario().equals("recipe_box") && x.kind().equals("environment")).findFirst().orElseThrow();
    assertEquals(2, recipe.attempts());
    assertEquals(16, r.reports().stream().filter(x -> x.kind().equals("tool") && x.status().equals("matches")).count());
    assertEquals(6, r.reports().stream().filter(x -> x.kind().equals("verifier") && x.status().equals("agrees")).count());
    assertTrue(Files.readString(out.resolve("port_report.jsonl")).contains("\"status\":\"matches\""));

    // the output is an ordinary directory of Java environments
    for (EnvironmentDefinition d : AwmDirectory.load(out)) {
      assertEquals(ToolCode.JAVA, d.toolCode().language());
      assertEquals(2, d.verifiers().size());
      Environment env = Environment.of(d);
      assertTrue(TaskVerifiers.compile(env).problems().isEmpty(), d.name());
      env.releaseSpares();
    }

    // a rerun resumes: nothing is asked again
    ScriptedModel again = PortScript.model();
    PortResult r2 = Port.from(in).options(options(again, out)).python(python).run();
    assertEquals(0, again.calls());
    assertTrue(r2.reports().stream().allMatch(x -> x.status().equals("resumed")), r2.reports().toString());

    // reference solutions from the pipeline, then the cross-examination of awm env validate
    List<dev.awm.core.Scenario> scenarios = AwmDirectory.load(out).stream().map(EnvironmentDefinition::scenario).toList();
    PipelineResult p = Pipeline.scenarios(scenarios).options(options(PortScript.model(), out)).stages(Stage.SOLUTIONS).run();
    assertTrue(p.gaveUp().isEmpty(), p.gaveUp() + "\n" + Files.readString(out.resolve("gen_report.jsonl")));
    for (EnvironmentDefinition d : AwmDirectory.load(out)) {
      assertEquals(2, d.solutions().size(), d.name());
      Environment env = Environment.of(d);
      for (TrustRecord t : CrossExamination.run(TaskVerifiers.compile(env))) assertTrue(t.passed(), d.name() + " task " + t.taskIndex() + ": " + t.failures());
      env.releaseSpares();
    }
  }

  @Test
  void whatStaysDifferentAfterTheLastAnswerIsKeptAndNamedInTheReport(@TempDir Path dir) {
    PythonRuntime python = ReferencePython.require("PortStageTest");
    Path in = PortFixtures.extract(dir.resolve("reference"), "recipe_box", "task_board");
    String missingWrite = PortFixtures.javaTools("task_board", false)
        .replace("\"UPDATE tasks SET status = ?, updated_at = ? WHERE id = ?\", status, now(),", "\"UPDATE tasks SET status = ? WHERE id = ?\", status,");
    ScriptedModel model = PortScript.builder().failFirst(Stage.PORT_TOOLS.key(), "task_board",
        dev.awm.llm.ChatResponse.text(dev.awm.core.internal.JsonValues.write(java.util.Map.of("full_code", missingWrite)))).build();
    PortResult r = Port.from(in).options(options(model, dir.resolve("ported")).toBuilder().retries(0).build()).python(python).run();
    assertFalse(r.clean());
    List<PortReport> differs = r.reports().stream().filter(x -> x.status().equals("differs")).toList();
    assertEquals(List.of("search_recipes", "update_task_status"), differs.stream().map(PortReport::name).sorted().toList());
    PortReport offByOne = differs.stream().filter(x -> x.name().equals("search_recipes")).findFirst().orElseThrow();
    assertTrue(offByOne.differences().get(0).contains("python has 2 items, java 1"), offByOne.differences().toString());
    PortReport missing = differs.stream().filter(x -> x.name().equals("update_task_status")).findFirst().orElseThrow();
    assertTrue(missing.differences().get(0).contains("the database after the call differs"), missing.differences().toString());
    assertEquals(2, r.definitions().size()); // kept, with the differences reported
  }

  @Test
  void withoutPythonThePortRunsUncheckedAndSaysSo(@TempDir Path dir) {
    Path in = PortFixtures.extract(dir.resolve("reference"));
    PortResult r = Port.from(in).options(options(PortScript.model(), dir.resolve("ported")))
        .python(new PythonRuntime.Lookup(java.util.Optional.empty(), "no Python here")).run();
    assertFalse(r.checked());
    assertEquals("no Python here", r.pythonMissing());
    assertEquals(3, r.definitions().size());
    assertFalse(r.clean());
    assertTrue(r.reports().stream().filter(x -> x.kind().equals("tool")).allMatch(x -> x.status().equals("unchecked")));
    assertTrue(r.reports().stream().filter(x -> x.kind().equals("verifier")).allMatch(x -> x.status().equals("unchecked")));
  }
}
