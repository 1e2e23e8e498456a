package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.HostVerifier;
import dev.awm.runtime.ParamType;
import dev.awm.verify.api.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifiers written as host lambdas reward episodes like generated code-mode verifiers, and fail as loudly. */
class HostVerifierTest {
  private static final HostVerifier MILK_NOTED = (initial, current, answer) ->
      ((Number) current.scalar("SELECT count(*) FROM notes WHERE body = 'milk'")).longValue()
          > ((Number) initial.scalar("SELECT count(*) FROM notes WHERE body = 'milk'")).longValue()
          ? Verdict.complete("milk noted, answer '" + answer + "'") : Verdict.others("no milk note");

  private static Environment environment() {
    return EnvironmentBuilder.create("Notes", "a note list")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('eggs')")
        .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", ParamType.STRING, true, "The text"),
            (db, a) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", a.getString("body"))))
        .task("Note milk", MILK_NOTED, List.of(new ToolCall("add_note", Map.of("body", "milk"))), "Noted.")
        .task("Throws", (initial, current, answer) -> {
          throw new IllegalStateException("the verifier's own bug");
        }, null, null)
        .task("Returns null", (initial, current, answer) -> null, null, null)
        .task("Writes", (initial, current, answer) -> {
          current.update("DELETE FROM notes");
          return Verdict.complete();
        }, null, null)
        .build();
  }

  @Test
  void aHostVerifierRewardsLikeGeneratedCode() {
    Environment env = environment();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    assertThat(verifiers.has(0)).isTrue();
    assertThat(verifiers.mode(0)).hasValue(dev.awm.core.VerifierMode.CODE);
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(verifiers.reward(h, 0, "").status()).isEqualTo(RewardStatus.INCOMPLETE);
      h.callTool("add_note", Map.of("body", "milk"));
      RewardOutcome done = verifiers.reward(h, 0, "Noted.");
      assertThat(done.status()).isEqualTo(RewardStatus.COMPLETE);
      assertThat(done.details()).isEqualTo("milk noted, answer 'Noted.'");
      // the reference solution agrees
      assertThat(GoldReplay.of(env).reward(h, 0).status()).isEqualTo(RewardStatus.COMPLETE);
    }
  }

  @Test
  void aHostVerifierThatThrowsReturnsNullOrWritesIsAVerifierErrorNotAZero() {
    Environment env = environment();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    try (EnvironmentHandle h = env.newHandle()) {
      RewardOutcome threw = verifiers.reward(h, 1, "");
      assertThat(threw.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
      assertThat(threw.details()).contains("verifier of task 1 threw", "the verifier's own bug");
      assertThat(verifiers.reward(h, 2, "").details()).contains("verifier of task 2 returned null");
      RewardOutcome wrote = verifiers.reward(h, 3, "");
      assertThat(wrote.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
      assertThat(h.query("SELECT count(*) AS n FROM notes").get(0)).as("the views are read-only").containsEntry("n", 1L);
    }
  }
}
