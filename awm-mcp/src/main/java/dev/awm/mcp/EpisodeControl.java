package dev.awm.mcp;

import dev.awm.core.JsonValues;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's tools on the same server (off by default): {@code awm_reset} returns the session's
 * database to the initial state, {@code awm_reward} verifies a task on the session's current state.
 * They act on the calling session's handle only, and are not listed by {@code tools/list}, so an
 * agent connected to the server sees the environment's tools alone.
 */
final class EpisodeControl {
  static final String RESET = "awm_reset";
  static final String REWARD = "awm_reward";
  static final List<String> NAMES = List.of(RESET, REWARD);

  static final String RESET_DESCRIPTION = "Episode control: return this session's database to the environment's initial state.";
  static final Map<String, Object> RESET_SCHEMA = Map.of("type", "object", "properties", Map.of(), "additionalProperties", false);

  static final String REWARD_DESCRIPTION = "Episode control: verify task `task` (its index) on this session's current "
      + "database and return the typed reward outcome (status, reward, details).";
  static final Map<String, Object> REWARD_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "task", Map.of("type", "integer", "minimum", 0, "description", "the task's index"),
          "final_answer", Map.of("type", "string", "description", "the agent's final message (default empty)")),
      "required", List.of("task"),
      "additionalProperties", false);

  private final TaskVerifiers verifiers;

  EpisodeControl(TaskVerifiers verifiers) {
    this.verifiers = verifiers;
  }

  ToolResult reset(EnvironmentHandle handle) {
    handle.reset();
    return ToolResult.ok(RESET, JsonValues.write(Map.of("reset", true)));
  }

  ToolResult reward(EnvironmentHandle handle, Map<String, Object> args) {
    Map<String, Object> a = args == null ? Map.of() : args;
    for (String key : a.keySet()) {
      if (!key.equals("task") && !key.equals("final_answer")) {
        return bad("unknown argument '" + key + "' for tool '" + REWARD + "'; it takes 'task' and 'final_answer'");
      }
    }
    Object task = a.get("task");
    if (!(task instanceof Number) || ((Number) task).doubleValue() != Math.rint(((Number) task).doubleValue())
        || ((Number) task).longValue() < 0 || ((Number) task).longValue() > Integer.MAX_VALUE) {
      return bad("tool '" + REWARD + "' needs 'task': a task index (an integer, 0 or more), got " + (task == null ? "nothing" : task));
    }
    Object answer = a.get("final_answer");
    if (answer != null && !(answer instanceof String)) {
      return bad("'final_answer' of tool '" + REWARD + "' must be a string");
    }
    RewardOutcome outcome = verifiers.reward(handle, ((Number) task).intValue(), answer == null ? "" : (String) answer);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", outcome.taskIndex());
    out.put("status", outcome.statusLabel());
    out.put("reward", outcome.reward());
    out.put("complete", outcome.isComplete());
    out.put("details", outcome.details());
    return ToolResult.ok(REWARD, JsonValues.write(out));
  }

  private static ToolResult bad(String message) {
    return ToolResult.error(REWARD, ToolResult.Kind.BAD_REQUEST, message);
  }
}
