package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The offline cross-examination: it trusts the starter pack's verifiers and catches the flaws a real model's had. */
class CrossExaminationTest {
  static final List<String> NAMES = StarterPack.NAMES;

  @ParameterizedTest
  @FieldSource("NAMES")
  void everyStarterVerifierIsTrustedWithACompleteRecord(String name) {
    List<TrustRecord> records = CrossExamination.run(TaskVerifiers.compile(Environment.of(StarterPack.load(name))));
    String failures = records.stream().filter(r -> !r.trusted())
        .map(r -> "task " + r.taskIndex() + ": missing " + r.missing() + ", failed " + r.failures()).collect(Collectors.joining("\n"));
    assertThat(failures).isEmpty();
    assertThat(records).hasSize(10).allSatisfy(r -> assertThat(r.checks()).extracting(TrustRecord.Check::kind)
        .contains("reference", "no_op", "alternative", "near_miss", "false_claim"));
  }

  /** The trial's first flaw: nothing changed, and any non-empty answer ("none are due") passes. */
  @Test
  void aVerifierThatAcceptsAnyNonEmptyAnswerOnTheNoOpIsCaught() {
    EnvironmentDefinition d = StarterPack.load("e_commerce");
    String code = "import java.util.*;\nimport dev.awm.runtime.api.*;\nimport dev.awm.verify.api.*;\n"
        + "public class Lenient {\n  public Verdict verify(Db initial, Db current, String finalAnswer) {\n"
        + "    Object before = initial.scalar(\"SELECT address_id FROM orders WHERE id = 6\");\n"
        + "    Object after = current.scalar(\"SELECT address_id FROM orders WHERE id = 6\");\n"
        + "    if (!Objects.equals(before, after)) return Verdict.complete(\"the address changed\");\n"
        + "    return finalAnswer.trim().isEmpty() ? Verdict.others(\"nothing done, nothing said\") : Verdict.complete(\"the agent explained\");\n"
        + "  }\n}\n";
    TrustRecord r = examine(d, 3, code);
    assertThat(r.trusted()).isFalse();
    assertThat(r.failures()).extracting(TrustRecord.Check::kind).contains("no_op", "false_claim");
    assertThat(r.failures()).filteredOn(c -> c.kind().equals("no_op")).extracting(TrustRecord.Check::subject)
        .contains("no calls and the final answer \"Done.\"");
    // the empty answer alone, the only no-op the pipeline tried before, is rejected by this verifier
    assertThat(r.checks()).filteredOn(c -> c.subject().equals("no calls and an empty final answer")).allMatch(TrustRecord.Check::passed);
  }

  /** A question task: its reference changes nothing, so its right answer on the untouched state is not a no-op flaw. */
  @Test
  void theReferenceAnswerOfAQuestionTaskIsNotTriedAsANoOp() {
    EnvironmentDefinition d = StarterPack.load("e_commerce");
    TrustRecord r = CrossExamination.run(TaskVerifiers.compile(Environment.of(d))).get(0);
    assertThat(r.checks()).extracting(TrustRecord.Check::subject).doesNotContain("no calls and the reference solution's final answer");
    assertThat(r.trusted()).isTrue();
  }

  @Test
  void aVerifierThatCountsNearMissRowsOrRejectsAnAlternativeIsCaught() {
    EnvironmentDefinition d = StarterPack.load("e_commerce");
    assertThat(examine(d, 3, d.verifier(3).orElseThrow().code()).trusted()).isTrue();
    // accepts any order moved to the Office address: the near miss that re-addresses the wrong order passes
    String loose = "import java.util.*;\nimport dev.awm.runtime.api.*;\nimport dev.awm.verify.api.*;\n"
        + "public class Loose {\n  public Verdict verify(Db initial, Db current, String finalAnswer) {\n"
        + "    Object office = current.scalar(\"SELECT id FROM addresses WHERE user_id = 1 AND label = 'Office'\");\n"
        + "    Long n = (Long) current.scalar(\"SELECT count(*) FROM orders WHERE user_id = 1 AND address_id = ?\", office);\n"
        + "    Long m = (Long) initial.scalar(\"SELECT count(*) FROM orders WHERE user_id = 1 AND address_id = ?\", office);\n"
        + "    return n.longValue() > m.longValue() ? Verdict.complete(\"an order now ships to the Office\") : Verdict.others(\"no order moved\");\n"
        + "  }\n}\n";
    TrustRecord r = examine(d, 3, loose);
    assertThat(r.failures()).extracting(TrustRecord.Check::kind).contains("near_miss");
  }

  private static TrustRecord examine(EnvironmentDefinition d, int task, String code) {
    Environment env = Environment.of(d);
    TaskVerifiers v = TaskVerifiers.compile(env, List.of(new VerifierCode(task, d.tasks().get(task), VerifierMode.CODE, "java", code)));
    assertThat(v.problems()).isEmpty();
    try (var h = env.newHandle()) {
      return CrossExamination.examine(v, h, task, d.solution(task).orElseThrow(), d.challenges(task));
    }
  }
}
