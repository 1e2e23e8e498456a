package dev.awm.port.internal;

import dev.awm.pipeline.PythonRuntime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.TaskVerifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The differential check against the fixtures' Python originals, run for real (their FastAPI apps
 * under uvicorn, one per environment for the whole class): the Java ports match on every spec
 * example and probe and their verifiers agree on every episode; a port with an off-by-one filter,
 * one that misses a write, and a verifier with a wrong number are caught and named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PortDifferentialTest {
  private PythonRuntime python;
  private final Map<String, EnvironmentDefinition> defs = new LinkedHashMap<>();
  private final Map<String, Environment> bases = new LinkedHashMap<>();
  private final Map<String, ReferenceServer> servers = new LinkedHashMap<>();

  @BeforeAll
  void startOriginals(@TempDir Path dir) throws Exception {
    python = ReferencePython.require("PortDifferentialTest");
    for (EnvironmentDefinition d : AwmDirectory.load(PortFixtures.extract(dir.resolve("reference")))) {
      defs.put(d.name(), d);
      Environment base = Environment.of(d.toBuilder().spec(null).toolCode(null).verifiers(List.of()).build());
      bases.put(d.name(), base);
      servers.put(d.name(), ReferenceServer.start(python, d.name(), d.toolCode().source(), base.initialImage(), d.simulatedNow()));
    }
  }

  @AfterAll
  void stopOriginals() {
    servers.values().forEach(ReferenceServer::close);
  }

  private Environment ported(String scenario, String tools) {
    return Environment.of(defs.get(scenario).toBuilder().toolCode(ToolCode.java(tools)).verifiers(List.of()).build());
  }

  private List<ToolCheck.Comparison> check(String scenario, String tools) {
    Environment env = ported(scenario, tools);
    List<ToolCheck.Comparison> out = new ArrayList<>();
    try (EnvironmentHandle h = env.newHandle()) {
      for (var call : ToolCheck.calls(env, PortFixtures.probes(scenario))) out.add(ToolCheck.compare(servers.get(scenario), h, call));
    }
    return out;
  }

  @Test
  void theFixturesOriginalsDeclareTheSpecsOperations() {
    for (String s : PortFixtures.SCENARIOS) {
      List<String> ops = defs.get(s).spec().endpoints().stream().map(e -> e.operationId()).toList();
      assertEquals(new java.util.TreeSet<>(ops), new java.util.TreeSet<>(servers.get(s).operations()), s);
    }
  }

  @Test
  void theJavaPortsMatchTheOriginalsOnEveryCall() {
    for (String s : PortFixtures.SCENARIOS) {
      List<ToolCheck.Comparison> cs = check(s, PortFixtures.javaTools(s, false));
      assertTrue(cs.size() >= defs.get(s).spec().endpoints().size() + 5, s + ": " + cs.size() + " calls");
      List<String> different = cs.stream().filter(c -> !c.matches()).map(ToolCheck.Comparison::describe).toList();
      assertEquals(List.of(), different, s);
      // the probes reach the error paths: a 404 with its message, and a crash of the original
      assertTrue(cs.stream().anyMatch(c -> c.python().startsWith("404") && c.java().startsWith("tool_error")) || s.equals("recipe_box"), s);
    }
    assertTrue(check("recipe_box", PortFixtures.javaTools("recipe_box", false)).stream()
        .anyMatch(c -> c.python().startsWith("500") && c.java().startsWith("tool_error")));
  }

  @Test
  void anOffByOneFilterIsCaughtAndNamed() {
    List<ToolCheck.Comparison> cs = check("recipe_box", PortFixtures.javaTools("recipe_box", true));
    List<ToolCheck.Comparison> different = cs.stream().filter(c -> !c.matches()).toList();
    assertFalse(different.isEmpty());
    assertTrue(different.stream().allMatch(c -> c.call().name().equals("search_recipes")), different.toString());
    assertTrue(different.get(0).describe().contains("python has 2 items, java 1"), different.get(0).describe());
  }

  @Test
  void aMissingWriteIsCaughtAndNamed() {
    String tools = PortFixtures.javaTools("task_board", false)
        .replace("\"UPDATE tasks SET status = ?, updated_at = ? WHERE id = ?\", status, now(),", "\"UPDATE tasks SET status = ? WHERE id = ?\", status,");
    List<ToolCheck.Comparison> different = check("task_board", tools).stream().filter(c -> !c.matches()).toList();
    assertFalse(different.isEmpty());
    ToolCheck.Comparison c = different.get(0);
    assertEquals("update_task_status", c.call().name());
    assertTrue(c.describe().contains("the database after the call differs") && c.describe().contains("2025-06-01 09:00:00.000000"), c.describe());
  }

  private List<VerifierCheck.Comparison> verifierCheck(String scenario, int task, String javaCode) {
    EnvironmentDefinition d = defs.get(scenario);
    VerifierCode original = d.verifier(task).orElseThrow();
    TaskVerifiers compiled = TaskVerifiers.compile(bases.get(scenario), List.of(new VerifierCode(task, original.task(), VerifierMode.CODE, "java", javaCode)));
    List<VerifierCheck.Episode> episodes = new ArrayList<>(PortFixtures.episodes(scenario, task));
    episodes.add(new VerifierCheck.Episode(List.of(), "", "doing nothing"));
    return VerifierCheck.compare(python, servers.get(scenario), compiled, task, original.code(), episodes,
        ported(scenario, PortFixtures.javaTools(scenario, false)), d.simulatedNow());
  }

  @Test
  void theJavaVerifiersAgreeWithTheOriginalsOnEveryEpisode() {
    for (String s : PortFixtures.SCENARIOS) {
      for (int t = 0; t < 2; t++) {
        List<VerifierCheck.Comparison> cs = verifierCheck(s, t, PortFixtures.javaVerifier(s, t));
        assertEquals(List.of(), cs.stream().filter(c -> !c.matches() || !c.note().isEmpty()).map(VerifierCheck.Comparison::describe).toList(), s + " task " + t);
        assertTrue(cs.get(0).python().complete(), s + " task " + t + ": the solution completes: " + cs.get(0).describe());
        assertFalse(cs.get(cs.size() - 1).python().complete());
      }
    }
  }

  @Test
  void aWrongVerifierIsCaught() {
    String wrong = PortFixtures.javaVerifier("library_loans", 0).replace("!= 7)", "!= 14)");
    List<VerifierCheck.Comparison> different = verifierCheck("library_loans", 0, wrong).stream().filter(c -> !c.matches()).toList();
    assertEquals(3, different.size(), different.toString()); // the solution, the alternative and the 14-day near miss
    assertTrue(different.get(0).describe().contains("the original says complete, the port says others"), different.get(0).describe());
  }
}
