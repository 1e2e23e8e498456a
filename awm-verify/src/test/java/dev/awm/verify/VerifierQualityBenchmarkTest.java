package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The verifier-quality benchmark: every verifier of the corpus ({@link VerifierCorpusTest}) goes
 * through the validation a generated verifier gets before it is kept (compiling in the sandbox, then
 * the cross-examination with the starter pack's stored reference solution and challenges). At least
 * 90% of the flawed ones must be flagged and at most 5% of the correct ones. The table (by kind of
 * flaw, and which check caught each) is written to {@code target/verifier-quality.md} for the README.
 */
class VerifierQualityBenchmarkTest {
  /** What caught a case: "compile", the first failing check's kind, or "" when nothing did. */
  static String caughtBy(VerifierCorpusTest.Case c, Map<String, Environment> envs) {
    Environment env = envs.computeIfAbsent(c.scenario(), s -> Environment.of(StarterPack.load(s)));
    EnvironmentDefinition d = env.definition();
    TaskVerifiers v = TaskVerifiers.compile(env, List.of(new VerifierCode(c.taskIdx(), d.tasks().get(c.taskIdx()), VerifierMode.CODE, "java", c.code())));
    if (!v.problems().isEmpty()) return "compile";
    try (EnvironmentHandle h = env.newHandle()) {
      TrustRecord r = CrossExamination.examine(v, h, c.taskIdx(), d.solution(c.taskIdx()).orElseThrow(), d.challenges(c.taskIdx()));
      return r.passed() ? "" : r.failures().get(0).kind();
    }
  }

  @Test
  void theValidationFlagsTheFlawedVerifiersAndKeepsTheCorrectOnes() throws Exception {
    Map<String, Environment> envs = new LinkedHashMap<>();
    Map<String, int[]> byFlaw = new TreeMap<>();
    Map<String, Integer> byCheck = new TreeMap<>();
    int flawed = 0, flagged = 0, correct = 0, falseAlarms = 0;
    StringBuilder misses = new StringBuilder();
    for (VerifierCorpusTest.Case c : VerifierCorpusTest.cases()) {
      String by = caughtBy(c, envs);
      if (c.expect().equals("flawed")) {
        flawed++;
        int[] n = byFlaw.computeIfAbsent(c.flaw(), k -> new int[2]);
        n[1]++;
        if (!by.isEmpty()) {
          flagged++;
          n[0]++;
          byCheck.merge(by, 1, Integer::sum);
        } else {
          misses.append("| ").append(c.id()).append(" | ").append(c.reason()).append(" |\n");
        }
      } else {
        correct++;
        if (!by.isEmpty()) {
          falseAlarms++;
          misses.append("| ").append(c.id()).append(" (correct, flagged by ").append(by).append(") | ").append(c.reason()).append(" |\n");
        }
      }
    }
    StringBuilder t = new StringBuilder("| kind of flaw | flawed verifiers | flagged |\n|---|---:|---:|\n");
    byFlaw.forEach((k, n) -> t.append("| ").append(k).append(" | ").append(n[1]).append(" | ").append(n[0]).append(" |\n"));
    t.append(String.format("| **all flawed** | **%d** | **%d (%.0f%%)** |%n", flawed, flagged, 100.0 * flagged / flawed));
    t.append(String.format("| correct verifiers (false alarms) | %d | %d (%.0f%%) |%n", correct, falseAlarms, 100.0 * falseAlarms / correct));
    t.append("\nWhat caught the flagged ones (first failing check): ");
    byCheck.forEach((k, n) -> t.append(k).append(' ').append(n).append(", "));
    t.setLength(t.length() - 2);
    t.append("\n\n| not flagged | why it is flawed |\n|---|---|\n").append(misses);
    Path out = Path.of("target", "verifier-quality.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, t.toString());
    System.out.println(t);
    assertThat(flawed).isGreaterThanOrEqualTo(20);
    assertThat(correct).isGreaterThanOrEqualTo(20);
    assertThat((double) flagged / flawed).as(t.toString()).isGreaterThanOrEqualTo(0.90);
    assertThat((double) falseAlarms / correct).as(t.toString()).isLessThanOrEqualTo(0.05);
  }
}
