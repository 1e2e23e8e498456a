package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.Jsonl;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.StarterPack;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The verifier-quality corpus ({@code verifier-quality/cases.jsonl}): starter-pack tasks, each with
 * a verifier labelled "correct" or "flawed" (with the kind of flaw and why). Every verifier compiles
 * (but one that reads the wall clock, which the sandbox refuses) and rewards its task's reference solution; a correct one also refuses the no-op episode. The
 * flawed ones are subtle on purpose: the reference solution does not expose their flaw.
 */
class VerifierCorpusTest {
  static final String CORPUS = "/verifier-quality/cases.jsonl";
  static final Set<String> EXPECT = Set.of("correct", "flawed");
  private static final Map<String, Environment> ENVIRONMENTS = new HashMap<>();

  /** One line of the corpus. */
  record Case(String id, String scenario, int taskIdx, String expect, String flaw, String reason, String code) {
    @Override
    public String toString() {
      return id;
    }
  }

  static List<Case> cases() throws IOException {
    InputStream in = VerifierCorpusTest.class.getResourceAsStream(CORPUS);
    assertThat(in).as(CORPUS + " on the test classpath").isNotNull();
    List<Case> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (JsonNode n : Jsonl.read(CORPUS, r)) {
        out.add(new Case(n.get("id").asString(), n.get("scenario").asString(), n.get("task_idx").asInt(),
            n.get("expect").asString(), n.get("flaw").asString(), n.get("reason").asString(), n.get("code").asString()));
      }
    }
    return out;
  }

  private static synchronized Environment environment(String scenario) {
    return ENVIRONMENTS.computeIfAbsent(scenario, s -> Environment.of(StarterPack.load(s)));
  }

  @BeforeAll
  static void corpusIsWellFormed() throws IOException {
    List<Case> all = cases();
    Set<String> ids = new HashSet<>();
    for (Case c : all) {
      assertThat(ids.add(c.id())).as("duplicate id " + c.id()).isTrue();
      assertThat(StarterPack.NAMES).as(c.id() + " scenario").contains(c.scenario());
      assertThat(EXPECT).as(c.id() + " expect").contains(c.expect());
      assertThat(c.flaw().isEmpty()).as(c.id() + ": a flaw is named exactly when the case is flawed").isEqualTo(c.expect().equals("correct"));
      assertThat(c.reason()).as(c.id() + " reason").isNotBlank().doesNotContain("\n");
    }
  }

  @Test
  void hasEnoughCasesOfEachKindInEveryEnvironment() throws IOException {
    List<Case> all = cases();
    assertThat(all.stream().filter(c -> c.expect().equals("flawed"))).hasSizeGreaterThanOrEqualTo(20);
    assertThat(all.stream().filter(c -> c.expect().equals("correct"))).hasSizeGreaterThanOrEqualTo(20);
    for (String env : StarterPack.NAMES) {
      for (String kind : EXPECT) {
        assertThat(all).as(kind + " cases of " + env).anyMatch(c -> c.scenario().equals(env) && c.expect().equals(kind));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilesAndRewardsTheReferenceSolution(Case c) {
    Environment env = environment(c.scenario());
    EnvironmentDefinition def = env.definition();
    assertThat(c.taskIdx()).as(c.id() + " task index").isBetween(0, def.tasks().size() - 1);
    TaskVerifiers verifiers = TaskVerifiers.compile(env,
        List.of(new VerifierCode(c.taskIdx(), def.tasks().get(c.taskIdx()), VerifierMode.CODE, "java", c.code())));
    if (c.flaw().equals("depends on the wall clock") && !verifiers.problems().isEmpty()) {
      assertThat(verifiers.problems().get(c.taskIdx())).as(c.id() + " is refused for reading the wall clock").contains("wall clock");
      return;
    }
    assertThat(verifiers.problems()).as(c.id() + " compiles").isEmpty();
    ReferenceSolution solution = def.solution(c.taskIdx()).orElseThrow();
    try (EnvironmentHandle handle = env.newHandle()) {
      for (var call : solution.calls()) {
        ToolResult r = handle.callTool(call);
        assertThat(r.isError()).as(c.id() + ": reference call " + call.name() + " " + r.message()).isFalse();
      }
      RewardOutcome reference = verifiers.reward(handle, c.taskIdx(), solution.finalAnswer());
      assertThat(reference.status()).as(c.id() + " on the reference solution: " + reference.details()).isEqualTo(RewardStatus.COMPLETE);
    }
    if (c.expect().equals("correct")) {
      try (EnvironmentHandle fresh = env.newHandle()) {
        RewardOutcome noop = verifiers.reward(fresh, c.taskIdx(), "");
        assertThat(noop.status()).as(c.id() + " on the no-op episode: " + noop.details()).isEqualTo(RewardStatus.INCOMPLETE);
      }
    }
  }
}
