package dev.awm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.junit.AwmEnvironment;
import dev.awm.junit.AwmExtension;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.ReplayCheck;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.TaskVerifiers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Example 4: an environment built in code, tested with the JUnit extension. */
@ExtendWith(AwmExtension.class)
class NotesEnvironmentTest {
  @AwmEnvironment(environment = NotesEnvironment.class)
  EnvironmentHandle notes;

  @Test
  void addingAndCheckingOff() {
    assertThat(notes.callTool("add_note", Map.of("body", "milk")).content()).isEqualTo("{\"id\":3}");
    assertThat(notes.callTool("check_off", Map.of("id", 1)).content()).contains("\"done\":1");
    ToolResult missing = notes.callTool("check_off", Map.of("id", 9));
    assertThat(missing.kind()).isEqualTo(ToolResult.Kind.TOOL_ERROR);
    assertThat(missing.message()).isEqualTo("note 9 not found");
  }

  @Test
  void eachTestStartsFromTheInitialState() {
    assertThat(notes.query("SELECT COUNT(*) AS n FROM notes").get(0)).containsEntry("n", 2L);
  }

  @Test
  void theTaskPassesTheReplayCheck() {
    TaskVerifiers verifiers = TaskVerifiers.compile(notes.environment());
    assertThat(ReplayCheck.run(verifiers)).singleElement().satisfies(c -> assertThat(c.passed()).as(c.problems().toString()).isTrue());
    notes.callTool("add_note", Map.of("body", "milk"));
    assertThat(verifiers.reward(notes, 0, "").status()).isEqualTo(RewardStatus.COMPLETE);
  }
}
