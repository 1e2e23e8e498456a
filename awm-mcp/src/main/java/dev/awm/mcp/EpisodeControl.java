package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardPolicy;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.TaskVerifiers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The trainer's tools on the same server (off by default): {@code awm_reset} returns the session's
 * database to the initial state and, given {@code task}, makes it the session's task (its text is
 * returned); {@code awm_reward} verifies a task (by default the session's) on the session's current
 * state and values the outcome with the server's reward map ({@link RewardPolicy}); with
 * {@code format_error: true} it does not run the verifier and reports an agent (format) error.
 * They act on the calling session's handle only, and are not listed by {@code tools/list}, so an
 * agent connected to the server sees the environment's tools alone.
 */
final class EpisodeControl {
  static final String RESET = "awm_reset";
  static final String REWARD = "awm_reward";
  static final List<String> NAMES = List.of(RESET, REWARD);

  static final String RESET_DESCRIPTION = "Episode control: return this session's database to the environment's initial state; "
      + "with `task`, make it this session's task and return its text.";
  static final Map<String, Object> RESET_SCHEMA = Map.of("type", "object",
      "properties", Map.of("task", Map.of("type", "integer", "minimum", 0, "description", "the session's task from now on (its index)")),
      "additionalProperties", false);

  static final String REWARD_DESCRIPTION = "Episode control: verify task `task` (its index; default the session's, set by awm_reset) "
      + "on this session's current database and return the typed reward outcome (status, reward, details).";
  static final Map<String, Object> REWARD_SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of(
          "task", Map.of("type", "integer", "minimum", 0, "description", "the task's index (default: the session's)"),
          "final_answer", Map.of("type", "string", "description", "the agent's final message (default empty)"),
          "format_error", Map.of("type", "boolean", "description", "the agent's output could not be read: reward it as an agent (format) error without verifying")),
      "additionalProperties", false);

  private final TaskVerifiers verifiers;
  /** The task each session chose with awm_reset, by its handle (the entry goes with the handle). */
  private final Map<EnvironmentHandle, Integer> tasks = Collections.synchronizedMap(new WeakHashMap<>());

  EpisodeControl(TaskVerifiers verifiers) {
    this.verifiers = verifiers;
  }

  /** The reward map outcomes are valued with. */
  RewardPolicy policy() {
    return verifiers.policy();
  }

  ToolResult reset(EnvironmentHandle handle, Map<String, Object> args) {
    Map<String, Object> a = args == null ? Map.of() : args;
    String unknown = unknownArgument(a, RESET, List.of("task"));
    if (unknown != null) return bad(RESET, unknown);
    Integer task = null;
    if (a.containsKey("task")) {
      task = taskIndex(a.get("task"));
      List<String> texts = verifiers.environment().definition().tasks();
      if (task == null || task >= texts.size()) {
        return bad(RESET, "'task' of tool '" + RESET + "' must be a task index of this environment, 0.." + (texts.size() - 1)
            + ", got " + a.get("task"));
      }
    }
    handle.reset();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reset", true);
    if (task != null) {
      tasks.put(handle, task);
      out.put("task", task);
      out.put("instruction", verifiers.environment().definition().tasks().get(task));
    }
    return ToolResult.ok(RESET, JsonValues.write(out));
  }

  ToolResult reward(EnvironmentHandle handle, Map<String, Object> args) {
    Map<String, Object> a = args == null ? Map.of() : args;
    String unknown = unknownArgument(a, REWARD, List.of("task", "final_answer", "format_error"));
    if (unknown != null) return bad(REWARD, unknown);
    Object given = a.containsKey("task") ? a.get("task") : tasks.get(handle);
    Integer task = taskIndex(given);
    if (task == null) {
      return bad(REWARD, "tool '" + REWARD + "' needs 'task': a task index (an integer, 0 or more), got "
          + (given == null ? "nothing (and no task was chosen with " + RESET + ")" : given));
    }
    Object answer = a.get("final_answer");
    if (answer != null && !(answer instanceof String)) {
      return bad(REWARD, "'final_answer' of tool '" + REWARD + "' must be a string");
    }
    Object formatError = a.get("format_error");
    if (formatError != null && !(formatError instanceof Boolean)) {
      return bad(REWARD, "'format_error' of tool '" + REWARD + "' must be true or false");
    }
    RewardOutcome outcome;
    try {
      outcome = Boolean.TRUE.equals(formatError)
          ? RewardOutcome.of(task, RewardStatus.AGENT_ERROR, "format error: the agent's output could not be read", policy())
          : verifiers.reward(handle, task, answer == null ? "" : (String) answer);
    } catch (IllegalArgumentException e) {
      return bad(REWARD, e.getMessage()); // a task this environment does not have
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task", outcome.taskIndex());
    out.put("status", outcome.statusLabel());
    out.put("reward", outcome.reward());
    out.put("complete", outcome.isComplete());
    out.put("details", outcome.details());
    return ToolResult.ok(REWARD, JsonValues.write(out));
  }

  /** A task index (an integer, 0 or more), or null. */
  private static Integer taskIndex(Object v) {
    if (!(v instanceof Number)) return null;
    double d = ((Number) v).doubleValue();
    if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) return null;
    return ((Number) v).intValue();
  }

  private static String unknownArgument(Map<String, Object> args, String tool, List<String> known) {
    for (String key : args.keySet()) {
      if (!known.contains(key)) return "unknown argument '" + key + "' for tool '" + tool + "'; it takes " + known;
    }
    return null;
  }

  private static ToolResult bad(String tool, String message) {
    return ToolResult.error(tool, ToolResult.Kind.BAD_REQUEST, message);
  }
}
