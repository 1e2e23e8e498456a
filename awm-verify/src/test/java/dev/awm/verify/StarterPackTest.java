package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every starter environment is complete, rich enough, and every task passes the replay check. */
class StarterPackTest {
  static final List<String> NAMES = StarterPack.NAMES;

  @ParameterizedTest
  @FieldSource("NAMES")
  void isAsRichAsAnAverageAwmEnvironment(String name) {
    EnvironmentDefinition def = StarterPack.load(name);
    assertThat(def.name()).isEqualTo(name);
    assertThat(def.scenario().description()).isNotBlank();
    assertThat(def.tasks()).hasSize(10);
    assertThat(def.schema().tables()).hasSizeGreaterThanOrEqualTo(12);
    assertThat(def.sampleData().statements()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(def.spec().endpoints()).hasSizeGreaterThanOrEqualTo(25);
    assertThat(def.verifiers()).extracting(v -> v.taskIndex()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(def.solutions()).extracting(s -> s.taskIndex()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @ParameterizedTest
  @FieldSource("NAMES")
  void everyTaskPassesTheReplayCheck(String name) {
    Environment env = Environment.builder(StarterPack.load(name)).strictSampleData(true).build();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    assertThat(verifiers.problems()).isEmpty();
    List<TaskCheck> checks = ReplayCheck.run(verifiers);
    String failures = checks.stream().filter(c -> !c.passed())
        .map(c -> "task " + c.taskIndex() + ": " + c.problems()).collect(Collectors.joining("\n"));
    assertThat(failures).as("replay check of " + name).isEmpty();
    assertThat(checks).hasSize(10).allMatch(TaskCheck::passed);
  }
}
