package dev.awm.port.internal;

import dev.awm.core.AwmDirectory;
import dev.awm.core.internal.AwmRows;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Three small environments written in the reference's format and style (a FastAPI app over
 * SQLAlchemy ORM with Pydantic v2 models per environment, code-mode verifiers in
 * {@code gen_verifier.pure_code.jsonl}): Library Loans, Recipe Box and Task Board. They cover path,
 * query and body parameters, 404-style errors (an {@code HTTPException}, and a crash where the code
 * follows the reference prompt's no-error-handling rule), writes with commits, relationships and
 * timestamps from the clock. With them come their Java ports (the answers a scripted model gives the
 * port) and, per environment, argument sets that reach the error paths, and per task a solution,
 * near misses, alternatives and a false claim.
 */
public final class PortFixtures {
  /** The scenario keys of the fixtures. */
  public static final List<String> SCENARIOS = List.of("library_loans", "recipe_box", "task_board");
  private static final String ROOT = "/dev/awm/port/fixtures/";
  private static final List<String> FILES = List.of(AwmDirectory.SCENARIOS, AwmDirectory.TASKS, AwmDirectory.DB, AwmDirectory.SAMPLE,
      AwmDirectory.SPEC, AwmDirectory.ENVS, AwmDirectory.VERIFIERS_CODE);

  private PortFixtures() {}

  /**
   * Writes the fixtures' reference files into {@code dir} (created if needed) and returns it; with
   * {@code scenarios} (keys of {@link #SCENARIOS}), only their rows.
   */
  public static Path extract(Path dir, String... scenarios) {
    List<String> only = List.of(scenarios);
    try {
      Files.createDirectories(dir);
      for (String f : FILES) {
        StringBuilder b = new StringBuilder();
        for (String line : resource("reference/" + f).split("\n")) {
          if (line.isBlank()) continue;
          String key = dev.awm.core.internal.ScenarioNames.normalize(AwmRows.scenarioOf(JsonValues.MAPPER.readTree(line)));
          if (only.isEmpty() || only.contains(key)) b.append(line).append('\n');
        }
        Files.writeString(dir.resolve(f), b.toString());
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the port fixtures to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The Java port of {@code scenario}'s tools ({@code Tools.java}), or a deliberately wrong one ({@code Tools.wrong.java}). */
  public static String javaTools(String scenario, boolean wrong) {
    return resource("answers/" + scenario + (wrong ? "/Tools.wrong.java" : "/Tools.java"));
  }

  /** The Java port of {@code scenario}'s verifier of task {@code task}. */
  public static String javaVerifier(String scenario, int task) {
    return resource("answers/" + scenario + "/Verify" + task + ".java");
  }

  /** The argument sets that reach {@code scenario}'s error paths. */
  public static List<ToolCall> probes(String scenario) {
    return AwmRows.calls(script(scenario).path("probes"));
  }

  /**
   * Task {@code task}'s episodes: {@code solution} ({@code calls}, {@code final_answer}), {@code near_misses},
   * {@code alternatives} (each {@code calls}, {@code final_answer}, {@code why}) and {@code false_claim}.
   */
  public static JsonNode task(String scenario, int task) {
    return script(scenario).path("tasks").path(Integer.toString(task));
  }

  /** The episodes of task {@code task} that check a verifier: the solution, the alternatives and the near misses. */
  public static List<VerifierCheck.Episode> episodes(String scenario, int task) {
    JsonNode t = task(scenario, task);
    List<VerifierCheck.Episode> out = new ArrayList<>();
    out.add(episode(t.path("solution"), "the solution"));
    for (JsonNode e : t.path("alternatives")) out.add(episode(e, null));
    for (JsonNode e : t.path("near_misses")) out.add(episode(e, null));
    return out;
  }

  static VerifierCheck.Episode episode(JsonNode e, String why) {
    return new VerifierCheck.Episode(AwmRows.calls(e.path("calls")), e.path("final_answer").asString(""), why != null ? why : e.path("why").asString(""));
  }

  private static JsonNode script(String scenario) {
    return JsonValues.MAPPER.readTree(resource("answers/" + scenario + "/script.json"));
  }

  private static String resource(String name) {
    try (InputStream in = PortFixtures.class.getResourceAsStream(ROOT + name)) {
      if (in == null) throw new IllegalStateException("port fixture " + name + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read port fixture " + name + ": " + e.getMessage(), e);
    }
  }
}
