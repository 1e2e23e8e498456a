package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.core.ToolCall;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.api.ToolError;
import dev.awm.verify.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SqlModeAndGoldReplayTest {
  private static final String GATHER = """
      import java.util.*;
      import dev.awm.runtime.api.*;
      public class Evidence {
        public Map gather(Db initial, Db current) {
          Map out = new LinkedHashMap();
          out.put("reviews_before", initial.scalar("SELECT COUNT(*) FROM reviews"));
          out.put("reviews_after", current.scalar("SELECT COUNT(*) FROM reviews"));
          return out;
        }
      }
      """;

  /** The e_commerce starter with task 6 (leave a review) verified in sql mode. */
  static Environment withSqlVerifier() {
    EnvironmentDefinition def = StarterPack.load("e_commerce");
    List<VerifierCode> vs = new ArrayList<>(def.verifiers());
    vs.set(6, new VerifierCode(6, def.tasks().get(6), VerifierMode.SQL, "java", GATHER));
    return Environment.of(def.toBuilder().verifiers(vs).build());
  }

  @Test
  void sqlModeGathersEvidenceAndTheJudgeDecides() {
    Environment env = withSqlVerifier();
    List<JudgeRequest> seen = new CopyOnWriteArrayList<>();
    Judge judge = request -> {
      seen.add(request);
      long before = ((Number) request.evidence().get("reviews_before")).longValue();
      long after = ((Number) request.evidence().get("reviews_after")).longValue();
      return JudgeVerdict.of(after > before ? "complete" : "incomplete", after > before ? "a review was added" : "no new review");
    };
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(verifiers.reward(h, 6, "").details()).contains("sql-mode verifier but no judge");
      TaskVerifiers judged = verifiers.withJudge(judge);
      assertThat(judged.reward(h, 6, "", "[]").status()).isEqualTo(RewardStatus.INCOMPLETE);
      env.definition().solution(6).orElseThrow().calls().forEach(h::callTool);
      RewardOutcome o = judged.reward(h, 6, "done", "[{\"tool\": \"create_review\"}]");
      assertThat(o.status()).isEqualTo(RewardStatus.COMPLETE);
      assertThat(seen.get(1).task()).isEqualTo(env.definition().tasks().get(6));
      assertThat(seen.get(1).trajectory()).contains("create_review");
      assertThat(seen.get(1).finalAnswer()).isEqualTo("done");
      assertThat(seen.get(1).environment()).isEqualTo("e_commerce");
      // code-mode tasks of the same environment are unaffected by the judge
      assertThat(judged.reward(h, 0, "").status()).isEqualTo(RewardStatus.INCOMPLETE);

      Judge broken = request -> {
        throw new java.io.IOException("model unreachable");
      };
      RewardOutcome failed = verifiers.withJudge(broken).reward(h, 6, "done");
      assertThat(failed.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
      assertThat(failed.details()).isEqualTo("judge of task 6 failed: model unreachable");
    }
  }

  @Test
  void theJudgesFourClassesAreFourOutcomesWithTheirEvidenceKept() {
    Environment env = withSqlVerifier();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    Map<String, RewardStatus> expected = Map.of("complete", RewardStatus.COMPLETE, "incomplete", RewardStatus.INCOMPLETE,
        "server_error", RewardStatus.ENVIRONMENT_ERROR, "agent_error", RewardStatus.AGENT_ERROR);
    try (EnvironmentHandle h = env.newHandle()) {
      for (var e : expected.entrySet()) {
        JudgeVerdict said = new JudgeVerdict(JudgeVerdict.status(e.getKey()), "because " + e.getKey(),
            Map.of("complete", 10, "incomplete", 20, "server_error", 30, "agent_error", 40),
            Map.of("error_signals", List.of("HTTP 500 from create_review")), Map.of("classification", e.getKey()));
        RewardOutcome o = verifiers.withJudge(request -> said).reward(h, 6, "done", "[]");
        assertThat(o.status()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(o.details()).isEqualTo("because " + e.getKey());
        assertThat(o.judgement()).isEqualTo(said);
        assertThat(o.judgement().classification()).isEqualTo(e.getKey());
        assertThat(o.reward()).isEqualTo(RewardPolicy.defaults().value(e.getValue()));
      }
      // a server error says nothing about the agent; an agent error does
      assertThat(RewardStatus.ENVIRONMENT_ERROR.isAgentSignal()).isFalse();
      assertThat(RewardStatus.AGENT_ERROR.isAgentSignal()).isTrue();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JudgeVerdict.of("maybe", ""))
        .hasMessageContaining("unknown judge class 'maybe'");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new JudgeVerdict(RewardStatus.VERIFIER_ERROR, "", null, null, null))
        .hasMessageContaining("not VERIFIER_ERROR");
  }

  @Test
  void goldReplayComparesTheFinalDatabaseWithTheReferenceSolutions() {
    Environment env = Environment.of(StarterPack.load("project_tracker"));
    GoldReplay gold = GoldReplay.of(env);
    try (EnvironmentHandle h = env.newHandle()) {
      for (int task = 0; task < env.definition().tasks().size(); task++) {
        h.reset();
        RewardOutcome noop = gold.reward(h, task);
        env.definition().solution(task).orElseThrow().calls().forEach(h::callTool);
        RewardOutcome solved = gold.reward(h, task);
        assertThat(solved.status()).as("task %d: %s", task, solved.details()).isEqualTo(RewardStatus.COMPLETE);
        boolean writes = !noop.isComplete();
        if (writes) assertThat(noop.details()).containsPattern("(expected row\\(s\\) missing|unexpected row\\(s\\))");
      }
      // a wrong write is reported with the table and the row
      h.reset();
      var calls = env.definition().solution(2).orElseThrow().calls();
      h.callTool(calls.get(0));
      RewardOutcome partial = gold.reward(h, 2);
      assertThat(partial.status()).isEqualTo(RewardStatus.INCOMPLETE);
      assertThat(partial.details()).contains("comments:");
    }
  }

  @Test
  void aReferenceSolutionThatFailsIsReplayedOnceAndItsFailureKept() {
    AtomicInteger replayed = new AtomicInteger();
    Environment env = EnvironmentBuilder.create("Broken", "a task whose reference solution fails")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("fail", "Always fails"), (db, a) -> {
          replayed.incrementAndGet();
          throw new ToolError("broken");
        })
        .task("do it", List.of(new ToolCall("fail", Map.of())), "done")
        .build();
    GoldReplay gold = GoldReplay.of(env);
    try (EnvironmentHandle h = env.newHandle()) {
      RewardOutcome first = gold.reward(h, 0);
      assertThat(first.status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
      assertThat(first.details()).isEqualTo("reference call 1 (fail) of task 0 failed: broken");
      assertThat(gold.reward(h, 0)).isEqualTo(first);
      // a copy with another policy shares what was computed
      RewardOutcome valued = gold.withPolicy(RewardPolicy.builder().value(RewardStatus.VERIFIER_ERROR, -1.0).build()).reward(h, 0);
      assertThat(valued.details()).isEqualTo(first.details());
      assertThat(valued.reward()).isEqualTo(-1.0);
      assertThat(replayed).hasValue(1);
    }
  }

  @Test
  void blobsAreComparedAsBase64() {
    Environment env = EnvironmentBuilder.create("Blobs", "one blob")
        .table("blobs", "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)")
        .rows("blobs", "INSERT INTO blobs (data) VALUES (x'fbff01')")
        .tool(EnvironmentBuilder.tool("clear", "Deletes every blob"), (db, a) -> db.update("DELETE FROM blobs"))
        .task("clear the blobs", List.of(new ToolCall("clear", Map.of())), "done")
        .build();
    try (EnvironmentHandle h = env.newHandle()) {
      RewardOutcome noop = GoldReplay.of(env).reward(h, 0);
      assertThat(noop.status()).isEqualTo(RewardStatus.INCOMPLETE);
      assertThat(noop.details()).isEqualTo("blobs: 1 unexpected row(s), e.g. {\"id\":1,\"data\":\"+/8B\"}");
    }
  }

  @Test
  void ignoredColumnsAreConfigurable() {
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(GoldReplay.TIMESTAMP_COLUMNS.matcher("created_at").matches()).isTrue();
      assertThat(GoldReplay.TIMESTAMP_COLUMNS.matcher("updated").matches()).isTrue();
      assertThat(GoldReplay.TIMESTAMP_COLUMNS.matcher("status").matches()).isFalse();
      // ignoring every column makes any state match the reference, by row count alone
      GoldReplay lenient = GoldReplay.of(env).ignoring(Pattern.compile(".*"));
      env.definition().solution(6).orElseThrow().calls().forEach(h::callTool);
      assertThat(lenient.reward(h, 6).isComplete()).isTrue();
      assertThat(GoldReplay.of(env).reward(h, 42).details()).isEqualTo("task 42 has no reference solution");
      assertThat(GoldReplay.of(env).reward(h, 42).status()).isEqualTo(RewardStatus.VERIFIER_ERROR);
    }
    assertThat(Map.of()).isEmpty();
  }
}
