package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A verified run directory also gets the reference's verify.code.json or verify.sql.json, evidence and judge included. */
class ReferenceVerifyFileTest {
  @Test
  void codeAndSqlModeRunsGetTheReferencesVerifyFile(@TempDir Path dir) throws Exception {
    Environment env = SqlModeAndGoldReplayTest.withSqlVerifier();
    byte[] initial = env.initialImage();
    byte[] reviewed;
    try (EnvironmentHandle h = env.newHandle()) {
      env.definition().solution(6).orElseThrow().calls().forEach(h::callTool);
      reviewed = h.serialize();
    }
    JudgeVerdict serverError = new JudgeVerdict(RewardStatus.ENVIRONMENT_ERROR, "create_review answered 500",
        Map.of("complete", 5, "incomplete", 10, "server_error", 80, "agent_error", 5), Map.of("error_signals", List.of("HTTP 500")),
        Map.of("classification", "server_error", "reasoning", "create_review answered 500", "confidence_score", List.of(5, 10, 80, 5)));
    TaskVerifiers verifiers = TaskVerifiers.compile(env).withJudge(request -> serverError);

    Path sql = dir.resolve("sql");
    RunDirectory.write(sql, new RunDirectory.SavedRun(Map.of("scenario", "e_commerce", "task_id", 6, "task", "Review the mug",
        "final_answer", "done"), initial, reviewed));
    RewardOutcome judged = RunDirectory.verify(sql, verifiers);
    assertThat(judged.status()).isEqualTo(RewardStatus.ENVIRONMENT_ERROR);
    JsonNode f = JsonValues.MAPPER.readTree(Files.readString(sql.resolve("verify.sql.json")));
    assertThat(f.path("scenario").asString()).isEqualTo("e_commerce");
    assertThat(f.path("task_id").asInt()).isEqualTo(6);
    assertThat(f.path("task").asString()).isEqualTo("Review the mug");
    assertThat(f.path("mode").asString()).isEqualTo("sql");
    assertThat(f.path("reward_type").asString()).isEqualTo("incomplete");
    assertThat(f.path("verify_result").path("reviews_after").asLong()).isGreaterThan(f.path("verify_result").path("reviews_before").asLong());
    assertThat(f.path("llm_judge").path("classification").asString()).isEqualTo("server_error");
    assertThat(f.path("llm_judge").path("judge_result").path("confidence_score").toString()).isEqualTo("[5,10,80,5]");
    assertThat(f.path("status").asString()).isEqualTo("environment_error");

    Path code = dir.resolve("code");
    RunDirectory.write(code, new RunDirectory.SavedRun(Map.of("scenario", "e_commerce", "task_id", 0, "final_answer", ""), initial, initial));
    RewardOutcome incomplete = RunDirectory.verify(code, verifiers);
    JsonNode c = JsonValues.MAPPER.readTree(Files.readString(code.resolve("verify.code.json")));
    assertThat(c.path("mode").asString()).isEqualTo("code");
    assertThat(c.path("task").asString()).isEqualTo(env.definition().tasks().get(0));
    assertThat(c.path("reward_type").asString()).isEqualTo(incomplete.isComplete() ? "complete" : "others");
    assertThat(c.path("verify_result").path("execution_status").asString()).isEqualTo("success");
    assertThat(c.has("llm_judge")).isFalse();

    // a judge that fails is the reference's judge_error, with the cause
    RunDirectory.verify(sql, TaskVerifiers.compile(env).withJudge(request -> {
      throw new java.io.IOException("model unreachable");
    }));
    JsonNode failed = JsonValues.MAPPER.readTree(Files.readString(sql.resolve("verify.sql.json")));
    assertThat(failed.path("reward_type").asString()).isEqualTo("judge_error");
    assertThat(failed.path("llm_judge").path("classification").asString()).isEqualTo("judge_error");
    assertThat(failed.path("llm_judge").path("judge_result").path("error").asString()).contains("model unreachable");
  }
}
