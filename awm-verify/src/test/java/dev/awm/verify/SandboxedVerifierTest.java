package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.Isolation;
import dev.awm.verify.api.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile verifiers: refused when compiled, or stopped at the verifier limits with a
 * {@link RewardStatus#VERIFIER_ERROR} naming the limit; the handle's database and its next calls
 * are unaffected, and a sound verifier still rewards it.
 */
class SandboxedVerifierTest {
  private static final String[] VERIFIERS = {
      "Object n = current.scalar(\"SELECT count(*) FROM notes WHERE body = 'milk'\");\n"
          + "return ((Number) n).longValue() > 0 ? Verdict.complete(\"milk\") : Verdict.others(\"no milk\");",
      "while (true) { }",
      "List keep = new ArrayList(); while (true) keep.add(new long[1 << 20]);",
      "return initial.scalar(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c\") == null"
          + " ? Verdict.complete() : Verdict.others(\"\");",
      "current.query(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) SELECT x FROM c\");"
          + " return Verdict.complete();",
      "return new java.io.File(\"/etc/passwd\").exists() ? Verdict.complete() : Verdict.others(\"\");",
      "System.exit(1); return null;",
      "try { while (true) { current.scalar(\"SELECT 1\"); } } catch (Throwable t) { return Verdict.complete(\"swallowed\"); }",
  };
  /** The verifier time limit where it is under test: the verifiers under test never end by themselves. */
  private static final Duration SHORT = Duration.ofMillis(300);
  /** The verifier time limit where it is not under test: long enough never to fire first on a loaded machine. */
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final Map<String, Environment> ENVIRONMENTS = new HashMap<>();

  static synchronized Environment environment(Isolation isolation, Duration verifierTimeout) {
    return ENVIRONMENTS.computeIfAbsent(isolation + " " + verifierTimeout, k -> {
      EnvironmentDefinition base = NotesFixture.definition(VERIFIERS, t -> "task " + t).build();
      List<VerifierCode> vs = new ArrayList<>(base.verifiers());
      List<String> tasks = new ArrayList<>(base.tasks());
      vs.add(new VerifierCode(VERIFIERS.length, "evidence", VerifierMode.SQL, "java",
          "import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class E {\n"
              + "  public Map gather(Db initial, Db current) { Map m = new HashMap(); while (true) m.put(\"k\", \"v\"); }\n}\n"));
      tasks.add("evidence");
      EnvironmentDefinition def = base.toBuilder().tasks(tasks).verifiers(vs).build();
      return Environment.builder(def).isolation(isolation).verifierTimeout(verifierTimeout).maxAllocatedBytes(64L << 20)
          .maxRows(1000).build();
    });
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void hostileVerifiersAreVerifierErrorsAndTheEpisodeGoesOn(Isolation isolation) {
    // the time limit, where it is short
    Map<Integer, String> timeLimit = new TreeMap<>();
    timeLimit.put(1, "verifier of task 1 ran longer than 300 ms (the time limit) and was stopped");
    timeLimit.put(3, "verifier of task 3 ran longer than 300 ms (the time limit) and was stopped");
    timeLimit.put(7, "and was stopped"); // the time or, as queries allocate, the memory limit
    timeLimit.put(8, "evidence gathering of task 8 ran longer than 300 ms");
    episode(environment(isolation, SHORT), timeLimit, false);
    // every other limit, where the time limit is long (so that it cannot come first however slow the machine);
    // a sound verifier still rewards the episode after them
    Map<Integer, String> otherLimits = new TreeMap<>();
    otherLimits.put(2, "allocated more than 64 MiB (the memory limit) and was stopped");
    otherLimits.put(4, "threw DbException: query returned more than 1000 rows");
    episode(environment(isolation, LONG), otherLimits, true);
  }

  /** An episode that adds milk, then the hostile verifiers of {@code errors}' tasks with their messages. */
  private static void episode(Environment env, Map<Integer, String> errors, boolean thenSound) {
    TaskVerifiers verifiers = TaskVerifiers.compile(env).withJudge(request -> JudgeVerdict.of("complete", "judged"));
    assertThat(verifiers.problems()).containsOnlyKeys(5, 6);
    assertThat(verifiers.problems().get(5)).contains("line 6").contains("java.io.File is not allowed in generated code");
    assertThat(verifiers.problems().get(6)).contains("line 6").contains("java.lang.System.exit is not allowed");
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add_note", Map.of("body", "milk")).isError()).isFalse();
      errors.forEach((task, message) -> expectError(verifiers, h, task, message));
      if (thenSound) assertThat(verifiers.reward(h, 0, "").status()).isEqualTo(RewardStatus.COMPLETE);
      assertThat(h.query("SELECT body FROM notes ORDER BY id")).extracting(r -> r.get("body")).containsExactly("eggs", "milk");
      assertThat(h.callTool("add_note", Map.of("body", "tea")).isError()).isFalse();
      assertThat(h.query("SELECT count(*) AS n FROM notes")).containsExactly(Map.of("n", 3L));
    }
  }

  /** What the limit guarantees (the error names it), not how fast it fired. */
  private static void expectError(TaskVerifiers verifiers, EnvironmentHandle h, int task, String message) {
    RewardOutcome o = verifiers.reward(h, task, "");
    assertThat(o.status()).as(o.details()).isEqualTo(RewardStatus.VERIFIER_ERROR);
    assertThat(o.details()).contains(message);
  }

  @org.junit.jupiter.api.Test
  void aSavedRunFromAnotherInitialStateIsVerifiedUnderTheSameLimits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Environment env = environment(Isolation.WORKER_THREAD, LONG);
    TaskVerifiers sound = TaskVerifiers.compile(env);
    TaskVerifiers timeLimited = TaskVerifiers.compile(environment(Isolation.WORKER_THREAD, SHORT));
    byte[] initial;
    byte[] last;
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add_note", Map.of("body", "tea")).isError()).isFalse();
      initial = h.serialize(); // the run started from another state than the environment's initial one
      assertThat(h.callTool("add_note", Map.of("body", "milk")).isError()).isFalse();
      last = h.serialize();
    }
    for (int task : new int[] {1, 3, 0}) {
      RunDirectory.write(dir, new RunDirectory.SavedRun(Map.of("scenario", env.name(), "task_id", task, "final_answer", ""), initial, last));
      if (task == 0) {
        RewardOutcome outcome = RunDirectory.verify(dir, sound);
        assertThat(outcome.status()).as(outcome.details()).isEqualTo(RewardStatus.COMPLETE);
      } else {
        RewardOutcome outcome = RunDirectory.verify(dir, timeLimited);
        assertThat(outcome.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
        // a loop that reaches the sandbox's checks is stopped however loaded the machine (the grace is counted in its processor time)
        assertThat(outcome.details()).contains("verifier of task " + task + " ran longer than 300 ms (the time limit) and was stopped");
      }
    }
    RunDirectory.write(dir, new RunDirectory.SavedRun(Map.of("scenario", env.name(), "task_id", 0, "final_answer", ""),
        "not a database".getBytes(java.nio.charset.StandardCharsets.UTF_8), last));
    RewardOutcome bad = RunDirectory.verify(dir, sound);
    assertThat(bad.status()).isEqualTo(RewardStatus.ENVIRONMENT_ERROR);
    assertThat(bad.details()).contains("not a database image");
  }

  @org.junit.jupiter.api.Test
  void aVerifiersStaticInitializersGetTheEnvironmentsMemoryLimit() {
    String body = "return Verdict.complete(); }\n"
        + "  static { List keep = new ArrayList(); for (int i = 0; i < 64; i++) keep.add(new long[1 << 17]); }\n  public void unused() {";
    EnvironmentDefinition def = NotesFixture.definition(new String[] {body}, t -> "task").build();
    assertThat(TaskVerifiers.compile(Environment.of(def)).problems()).isEmpty(); // 64 MiB: under the default
    // allocating until stopped (keeping at most 8 MiB): whether the run is fast or slow, it goes past 16 MiB
    EnvironmentDefinition endless = NotesFixture.definition(new String[] {body.replace("for (int i = 0; i < 64; i++) keep.add(new long[1 << 17]);",
        "while (true) { keep.add(new long[1 << 17]); if (keep.size() > 8) keep.clear(); }")}, t -> "task").build();
    assertThat(TaskVerifiers.compile(Environment.builder(endless).maxAllocatedBytes(16L << 20).build()).problems().get(0))
        .contains("static initializers allocated more than 16 MiB (the memory limit)");
  }

  @org.junit.jupiter.api.Test
  void aVerifierKeepingStateInAStaticFieldIsRefused() {
    String channel = "Object before = SEEN.put(\"answer\", finalAnswer); return Verdict.complete(String.valueOf(before)); }\n"
        + "  static final Map SEEN = new HashMap();\n  public void unused() {";
    String constants = "return WORDS.contains(finalAnswer) ? Verdict.complete(\"word\") : Verdict.others(\"no\"); }\n"
        + "  static final List WORDS = List.of(\"one\", \"two\");\n  public void unused() {";
    EnvironmentDefinition def = NotesFixture.definition(new String[] {channel, constants}, t -> "task " + t).build();
    Map<Integer, String> problems = TaskVerifiers.compile(Environment.of(def)).problems();
    assertThat(problems).containsOnlyKeys(0);
    assertThat(problems.get(0)).contains("verifier 0 does not compile: line 7: static field V.SEEN holds a java.util.HashMap; "
        + "generated code may keep only constants in static fields");
  }
}
