package dev.awm.mcp;

import static dev.awm.mcp.Mcp.call;
import static dev.awm.mcp.Mcp.json;
import static dev.awm.mcp.Mcp.kind;
import static dev.awm.mcp.Mcp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import dev.awm.verify.TaskVerifiers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's tools, awm_reset and awm_reward, when episode control is on. */
class McpEpisodeControlTest {
  final Environment env = Mcp.shop();

  @Test
  void rewardAndResetActOnTheCallingSessionOnly() {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).episodeControl(true).build().start();
        McpSyncClient trainer = Mcp.client(server.url());
        McpSyncClient other = Mcp.client(server.url())) {
      assertThat(trainer.listTools().tools()).extracting(McpSchema.Tool::name)
          .as("an agent's tool list stays the environment's").doesNotContain("awm_reset", "awm_reward")
          .hasSize(env.tools().size());

      assertThat(json(call(trainer, "awm_reward", Map.of("task", 1)))).containsEntry("status", "incomplete").containsEntry("reward", 0.0);
      assertThat(call(trainer, "add_to_cart", Map.of("product_id", 5, "quantity", 2)).isError()).isFalse();
      Map<String, Object> done = json(call(trainer, "awm_reward", Map.of("task", 1, "final_answer", "")));
      assertThat(done).containsEntry("task", 1L).containsEntry("status", "complete").containsEntry("reward", 1.0)
          .containsEntry("complete", true);
      assertThat(json(call(other, "awm_reward", Map.of("task", 1)))).as("the other session did nothing").containsEntry("status", "incomplete");

      assertThat(json(call(trainer, "awm_reset", Map.of()))).containsEntry("reset", true);
      assertThat(json(call(trainer, "awm_reward", Map.of("task", 1)))).containsEntry("status", "incomplete");

      CallToolResult noTask = call(trainer, "awm_reward", Map.of("final_answer", "x"));
      assertThat(noTask.isError()).isTrue();
      assertThat(kind(noTask)).isEqualTo("bad_request");
      assertThat(text(noTask)).contains("needs 'task'");
      // a task the environment does not have is a bad request naming the tasks it has, not a verifier error
      CallToolResult unknownTask = call(trainer, "awm_reward", Map.of("task", 999));
      assertThat(unknownTask.isError()).isTrue();
      assertThat(kind(unknownTask)).isEqualTo("bad_request");
      assertThat(text(unknownTask)).contains("has no task 999; its tasks are 0..");
    }
  }

  @Test
  void verifiersOfAnotherEnvironmentAreRefused() {
    TaskVerifiers calendar = TaskVerifiers.compile(Environment.of(StarterPack.load("calendar_booking")));
    assertThatThrownBy(() -> McpEnvironmentServer.builder(env).episodeControl(true).verifiers(calendar).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("calendar_booking");
  }
}
