package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reward outcomes for each class, and verifiers that misbehave. */
class RewardTest {
  /** Task 0: add a note "milk" (a sound verifier); tasks 1.. are the misbehaving verifiers. */
  private static final String[] VERIFIERS = {
      "long before = ((Number) initial.scalar(\"SELECT COUNT(*) FROM notes WHERE body = 'milk'\")).longValue();\n"
          + "long after = ((Number) current.scalar(\"SELECT COUNT(*) FROM notes WHERE body = 'milk'\")).longValue();\n"
          + "return after > before ? Verdict.complete(\"a milk note was added\") : Verdict.others(\"no new milk note\");",
      "current.update(\"DELETE FROM notes\"); return Verdict.complete(\"wrote\");",
      "initial.update(\"INSERT INTO notes (body) VALUES ('x')\"); return Verdict.complete(\"wrote\");",
      "throw new IllegalStateException(\"boom\");",
      "return null;",
      "return Verdict.complete(\"always\");",
      "return this is not java;",
  };

  static Environment environment() {
    EnvironmentDefinition def = NotesFixture.definition(VERIFIERS, i -> "Add a note saying milk (" + i + ")")
        .solutions(List.of(new ReferenceSolution(0, List.of(new ToolCall("add_note", Map.of("body", "milk"))), "")))
        .build();
    return Environment.of(def);
  }

  private final Environment env = environment();
  private final TaskVerifiers verifiers = TaskVerifiers.compile(env);

  @Test
  void completeAndIncomplete() {
    try (EnvironmentHandle h = env.newHandle()) {
      RewardOutcome before = verifiers.reward(h, 0, "");
      assertThat(before.status()).isEqualTo(RewardStatus.INCOMPLETE);
      assertThat(before.reward()).isEqualTo(0.0);
      assertThat(before.details()).isEqualTo("no new milk note");
      h.callTool("add_note", Map.of("body", "milk"));
      RewardOutcome after = verifiers.reward(h, 0, "");
      assertThat(after).isEqualTo(new RewardOutcome(0, RewardStatus.COMPLETE, 1.0, "a milk note was added"));
      h.reset();
      assertThat(verifiers.reward(h, 0, null).status()).isEqualTo(RewardStatus.INCOMPLETE);
    }
  }

  @Test
  void aVerifierThatWritesIsRefusedAndNeitherDatabaseChanges() {
    try (EnvironmentHandle h = env.newHandle()) {
      h.callTool("add_note", Map.of("body", "milk"));
      for (int task : new int[] {1, 2}) {
        RewardOutcome o = verifiers.reward(h, task, "");
        assertThat(o.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
        assertThat(o.reward()).isEqualTo(0.0);
        assertThat(o.details()).contains("verifier of task " + task + " threw DbException").contains("readonly");
      }
      assertThat(h.query("SELECT body FROM notes ORDER BY id")).extracting(r -> r.get("body")).containsExactly("eggs", "milk");
      try (var initial = env.openInitialDatabase()) {
        assertThat(initial.query("SELECT body FROM notes")).extracting(r -> r.get("body")).containsExactly("eggs");
      }
    }
  }

  @Test
  void verifierErrorsAreNeverAnHonestZero() {
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(verifiers.reward(h, 3, "")).satisfies(o -> {
        assertThat(o.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
        assertThat(o.statusLabel()).isEqualTo("verifier_error");
        assertThat(o.details()).contains("threw IllegalStateException: boom (line 6)");
      });
      assertThat(verifiers.reward(h, 4, "").details()).contains("returned null");
      assertThat(verifiers.problems()).containsOnlyKeys(6);
      assertThat(verifiers.problems().get(6)).contains("verifier 6 does not compile: line 6");
      assertThat(verifiers.reward(h, 6, "")).satisfies(o -> {
        assertThat(o.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
        assertThat(o.details()).contains("does not compile");
      });
      // a task the environment does not have is the caller's mistake, not a reward
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifiers.reward(h, 42, ""))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no task 42; its tasks are 0..");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifiers.reward(h, -1, "")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aClosedHandleIsAnEnvironmentError() {
    EnvironmentHandle h = env.newHandle();
    h.close();
    assertThat(verifiers.reward(h, 0, "").status()).isEqualTo(RewardStatus.ENVIRONMENT_ERROR);
  }

  @Test
  void rewardValuesComeFromThePolicy() {
    RewardPolicy policy = RewardPolicy.builder().value(RewardStatus.INCOMPLETE, -0.5).value(RewardStatus.VERIFIER_ERROR, Double.NEGATIVE_INFINITY).build();
    TaskVerifiers custom = verifiers.withPolicy(policy);
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(custom.reward(h, 0, "").reward()).isEqualTo(-0.5);
      assertThat(custom.reward(h, 3, "").reward()).isEqualTo(Double.NEGATIVE_INFINITY);
      h.callTool("add_note", Map.of("body", "milk"));
      assertThat(custom.reward(h, 0, "").reward()).isEqualTo(1.0);
    }
    assertThat(RewardOutcome.of(0, RewardStatus.AGENT_ERROR, "step budget exhausted", policy).reward()).isEqualTo(0.0);
    assertThat(RewardStatus.AGENT_ERROR.isAgentSignal()).isTrue();
    assertThat(RewardStatus.VERIFIER_ERROR.isAgentSignal()).isFalse();
    assertThatThrownBy(() -> RewardPolicy.builder().value(RewardStatus.COMPLETE, Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void theReplayCheckFlagsAVerifierThatRewardsDoingNothing() {
    try (EnvironmentHandle h = env.newHandle()) {
      TaskCheck sound = ReplayCheck.check(verifiers, h, 0, "milk", env.definition().solution(0));
      assertThat(sound.passed()).as(sound.problems().toString()).isTrue();
      assertThat(sound.reference().isComplete()).isTrue();
      assertThat(sound.noop().status()).isEqualTo(RewardStatus.INCOMPLETE);

      TaskCheck lazy = ReplayCheck.check(verifiers, h, 5, "always", env.definition().solution(0));
      assertThat(lazy.passed()).isFalse();
      assertThat(lazy.rewardsNoOp()).isTrue();
      assertThat(lazy.problems()).anyMatch(p -> p.contains("unsafe for RL"));

      TaskCheck unsolved = ReplayCheck.check(verifiers, h, 3, "boom", env.definition().solution(3));
      assertThat(unsolved.problems()).contains("no reference solution").anyMatch(p -> p.contains("VERIFIER_ERROR"));
    }
  }
}
