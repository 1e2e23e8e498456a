package dev.awm.core;

import dev.awm.core.internal.Jsonl;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A directory in the reference implementation's exact shape (Python tool code, both verifier files
 * with the model's raw response, db_path, the classifier's features) loads and is written back with
 * every field of every row.
 */
class ReferenceRoundTripTest {
  static final Path FIXTURE = Path.of("src/test/resources/reference-format");
  static final List<String> FILES = List.of(AwmDirectory.SCENARIOS, AwmDirectory.TASKS, AwmDirectory.DB, AwmDirectory.SAMPLE,
      AwmDirectory.SPEC, AwmDirectory.ENVS, AwmDirectory.VERIFIERS, AwmDirectory.VERIFIERS_CODE);

  @Test
  void everyFieldOfEveryReferenceFileSurvivesARoundTrip(@TempDir Path out) throws Exception {
    List<EnvironmentDefinition> defs = AwmDirectory.load(FIXTURE);
    assertThat(defs).hasSize(1);
    EnvironmentDefinition d = defs.get(0);
    assertThat(d.toolCode().language()).isEqualTo(ToolCode.PYTHON);
    assertThat(d.scenario().attributes()).containsKeys("simulatable_features", "non_simulatable_features");
    // for a task in both verifier files, the code-mode one is the task's verifier
    assertThat(d.verifier(1)).hasValueSatisfying(v -> {
      assertThat(v.mode()).isEqualTo(VerifierMode.CODE);
      assertThat(v.code()).contains("def verify_task_completion");
    });

    AwmDirectory.write(out, defs);
    for (String file : FILES) {
      List<JsonNode> original = Jsonl.read(FIXTURE.resolve(file));
      assertThat(out.resolve(file)).as(file).exists();
      assertThat(Jsonl.read(out.resolve(file))).as(file).isEqualTo(original);
    }
    // and again, from what was written
    Path again = out.resolve("again");
    AwmDirectory.write(again, AwmDirectory.load(out));
    for (String file : FILES) assertThat(Files.readAllLines(again.resolve(file))).as(file).isEqualTo(Files.readAllLines(out.resolve(file)));
  }

  @Test
  void aChangedPartIsWrittenAndTheUnmodelledFieldsStay(@TempDir Path out) throws Exception {
    EnvironmentDefinition d = AwmDirectory.load(FIXTURE).get(0);
    EnvironmentDefinition ported = d.toBuilder().toolCode(ToolCode.java("public class Tools {}"))
        .verifiers(List.of(new VerifierCode(1, d.tasks().get(1), VerifierMode.CODE, ToolCode.JAVA, "public class V {}"))).build();
    AwmDirectory.write(out, List.of(ported));
    JsonNode env = Jsonl.read(out.resolve(AwmDirectory.ENVS)).get(0);
    assertThat(env.get("full_code").asString()).isEqualTo("public class Tools {}");
    assertThat(env.get("db_path").asString()).isEqualTo("./outputs/databases/pet_clinic.db");
    JsonNode code = Jsonl.read(out.resolve(AwmDirectory.VERIFIERS_CODE)).get(0);
    assertThat(code.path("verification").path("code").asString()).isEqualTo("public class V {}");
    assertThat(code.has("language")).as("read without it, and still read as java").isFalse();
    assertThat(code.path("verification").has("raw_response")).as("the old code's model answer does not describe the new code").isFalse();
    // the sql-mode row of the same task is written back as it was read
    assertThat(Jsonl.read(out.resolve(AwmDirectory.VERIFIERS))).isEqualTo(Jsonl.read(FIXTURE.resolve(AwmDirectory.VERIFIERS)));
    assertThat(AwmDirectory.load(out).get(0).verifier(1).orElseThrow().language()).isEqualTo(ToolCode.JAVA);
  }
}
