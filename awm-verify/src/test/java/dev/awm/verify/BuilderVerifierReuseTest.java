package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.ToolCall;
import dev.awm.core.VerifierCode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ParamType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An environment made by {@link EnvironmentBuilder} compiled its source verifiers at
 * {@code build()}; {@link TaskVerifiers} takes those compiled classes instead of compiling them a
 * second time, and rewards as before. An environment built from a definition compiles its own.
 */
class BuilderVerifierReuseTest {
  private static final String MILK = """
      import dev.awm.runtime.api.Db;
      import dev.awm.verify.api.Verdict;
      public class Milk {
        public Verdict verify(Db initial, Db current, String finalAnswer) {
          long n = ((Number) current.scalar("SELECT count(*) FROM notes WHERE body = 'milk'")).longValue();
          return n > 0 ? Verdict.complete("milk noted") : Verdict.others("no milk note");
        }
      }
      """;
  private static final String ANSWER = MILK.replace("Milk", "Answer").replace("n > 0", "finalAnswer.equals(\"done\")");

  private static Environment environment() {
    return EnvironmentBuilder.create("Notes", "a note list")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", ParamType.STRING, true, "The text"),
            (db, a) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", a.getString("body"))))
        .task("Note milk", MILK, List.of(new ToolCall("add_note", Map.of("body", "milk"))), "Noted.")
        .task("Say done", ANSWER, null, null)
        .build();
  }

  @Test
  void theBuildersCompiledVerifiersAreTakenNotCompiledAgain() {
    Environment env = environment();
    TaskVerifiers first = TaskVerifiers.compile(env), second = TaskVerifiers.compile(env);
    for (int task : List.of(0, 1)) {
      Class<?> kept = first.codeVerifier(task).compiledType();
      assertThat(kept).as("task %d: the class the builder compiled", task)
          .isSameAs(dev.awm.runtime.internal.RuntimeAccess.door().compiledVerifier(env, env.definition().verifier(task).orElseThrow()).type());
      assertThat(second.codeVerifier(task).compiledType()).isSameAs(kept);
    }
    // the same definition built by Environment.Builder (not by EnvironmentBuilder) compiles its own
    Environment fromDefinition = Environment.builder(env.definition()).hostTool("add_note", (db, a) -> Map.of()).build();
    assertThat(TaskVerifiers.compile(fromDefinition).codeVerifier(0).compiledType()).isNotSameAs(first.codeVerifier(0).compiledType());
    // a verifier given in place of the definition's is compiled, not confused with the kept one
    VerifierCode milk = env.definition().verifier(0).orElseThrow();
    TaskVerifiers replaced = TaskVerifiers.compile(env, List.of(new VerifierCode(0, milk.task(), milk.mode(), milk.language(),
        MILK.replace("Milk", "Other"))));
    assertThat(replaced.codeVerifier(0).compiledType()).isNotSameAs(first.codeVerifier(0).compiledType());
  }

  @Test
  void rewardsAreTheSame() {
    Environment env = environment();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    assertThat(verifiers.problems()).isEmpty();
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(verifiers.reward(h, 0, "").status()).isEqualTo(RewardStatus.INCOMPLETE);
      assertThat(verifiers.reward(h, 1, "done").status()).isEqualTo(RewardStatus.COMPLETE);
      h.callTool("add_note", Map.of("body", "milk"));
      RewardOutcome done = verifiers.reward(h, 0, "Noted.");
      assertThat(done.status()).isEqualTo(RewardStatus.COMPLETE);
      assertThat(done.details()).isEqualTo("milk noted");
      assertThat(GoldReplay.of(env).reward(h, 0).status()).isEqualTo(RewardStatus.COMPLETE);
    }
  }
}
