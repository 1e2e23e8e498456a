package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.runtime.ParamType;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reward for an episode SQLite rolled back is EPISODE_RESET, never an honest-looking verdict on the initial state. */
class EpisodeResetRewardTest {
  private static Environment environment() {
    return EnvironmentBuilder.create("Notes", "a note list")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('eggs')")
        .tool(EnvironmentBuilder.tool("add_note", "").param("body", ParamType.STRING, true, ""),
            (db, a) -> db.insert("INSERT INTO notes (body) VALUES (?)", a.getString("body")))
        .tool(EnvironmentBuilder.tool("endless", ""), (db, a) -> db.update("INSERT INTO notes (body) SELECT 'x' FROM "
            + "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT i FROM r) WHERE i < 0"))
        // complete when nothing changed: the verdict a lost episode would get if the verifier ran
        .task("leave the notes alone", NotesFixture.codeVerifier(
            "return ((Long) current.scalar(\"SELECT count(*) FROM notes\")).longValue() == 1 ? Verdict.complete(\"untouched\") "
                + ": Verdict.others(\"changed\");"), null, null)
        .environment().callTimeout(Duration.ofSeconds(2)).build();
  }

  @Test
  void aLostEpisodeIsRewardedAsEpisodeResetAndTheVerifierDoesNotRun() {
    Environment env = environment();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add_note", Map.of("body", "milk")).isError()).isFalse();
      assertThat(h.callTool("endless", Map.of()).kind()).isEqualTo(ToolResult.Kind.EPISODE_RESET);
      RewardOutcome o = verifiers.reward(h, 0, "done");
      assertThat(o.status()).isEqualTo(RewardStatus.EPISODE_RESET);
      assertThat(o.statusLabel()).isEqualTo("episode_reset");
      assertThat(o.status().isAgentSignal()).isFalse();
      assertThat(o.details()).contains("SQLite rolled back the whole episode while tool 'endless' ran");
      assertThat(GoldReplay.of(env).reward(h, 0).status()).isEqualTo(RewardStatus.EPISODE_RESET);
      h.reset();
      assertThat(verifiers.reward(h, 0, "done").status()).as("after reset the verifier runs again").isEqualTo(RewardStatus.COMPLETE);
    }
  }

  @Test
  void aSavedRunWhoseEpisodeWasLostVerifiesAsEpisodeReset(@TempDir Path dir) throws Exception {
    Environment env = environment();
    byte[] image = env.initialImage();
    Map<String, Object> step = Map.of("iteration", 2, "tool_call", Map.of("name", "endless", "arguments", Map.of()),
        "is_error", true, "kind", "episode_reset", "tool_response", "{\"error\":\"SQLite rolled back the whole episode\"}");
    Map<String, Object> trajectory = Map.of("scenario", "Notes", "task_id", 0, "task", "leave the notes alone",
        "trajectory", List.of(step), "final_answer", "done");
    RunDirectory.write(dir, new RunDirectory.SavedRun(trajectory, image, image));
    RewardOutcome o = RunDirectory.verify(dir, TaskVerifiers.compile(env));
    assertThat(o.status()).isEqualTo(RewardStatus.EPISODE_RESET);
    assertThat(o.details()).contains("iteration 2");
    assertThat(Files.readString(dir.resolve("verify_result.json"))).contains("\"status\" : \"episode_reset\"");
  }
}
