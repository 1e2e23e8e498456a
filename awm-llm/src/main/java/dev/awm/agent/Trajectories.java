package dev.awm.agent;

import dev.awm.core.internal.JsonValues;
import dev.awm.llm.ChatMessage;
import dev.awm.llm.ModelToolCall;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves an agent run in the reference implementation's run-directory layout ({@link RunDirectory}).
 * A failed step also records its result's {@code kind}; a run whose episode SQLite rolled back
 * records why as {@code episode_lost}, and its verification is then {@code episode_reset}.
 */
public final class Trajectories {
  private Trajectories() {}

  /**
   * Writes {@code run} of task {@code taskId} on {@code handle} (its final state) into {@code dir}:
   * {@code trajectory.json}, {@code initial.db}, {@code final.db}.
   *
   * @param dir the run directory; created if needed
   * @param handle the handle the run played on, at the end of the episode
   * @param taskId the task's index
   * @param run the agent's run
   * @param extra further top-level fields of {@code trajectory.json} (such as the model), or null
   * @throws IOException if a file cannot be written
   */
  public static void save(Path dir, EnvironmentHandle handle, int taskId, AgentRun run, Map<String, Object> extra) throws IOException {
    RunDirectory.write(dir, new RunDirectory.SavedRun(trajectory(handle.environment().definition().scenario().name(), taskId, run, extra),
        handle.environment().initialImage(), handle.serialize()));
  }

  /**
   * The {@code trajectory.json} content of a run.
   *
   * @param scenario the scenario's name
   * @param taskId the task's index
   * @param run the agent's run
   * @param extra further top-level fields, or null
   * @return the content as plain JSON values: scenario, task_id, task, the extra fields, iterations, stop
   *     reason, timestamp, steps and messages
   */
  public static Map<String, Object> trajectory(String scenario, int taskId, AgentRun run, Map<String, Object> extra) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("scenario", scenario);
    t.put("task_id", taskId);
    t.put("task", run.task());
    if (extra != null) t.putAll(extra);
    t.put("total_iterations", run.iterations());
    t.put("stop_reason", run.stop().name().toLowerCase(java.util.Locale.ROOT));
    if (!run.error().isEmpty()) t.put("error", run.error());
    t.put("timestamp", Instant.now().toString());
    List<Object> steps = new ArrayList<>();
    for (AgentStep s : run.steps()) {
      // the reference's entry: {iteration, role, content, tool_calls[{id, name, arguments}], tool_response{tool_call_id, content}}
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("iteration", s.iteration());
      step.put("role", "assistant");
      step.put("content", s.assistantText());
      step.put("tool_calls", List.of(Map.of("id", s.callId(), "name", s.call().name(), "arguments", s.call().arguments())));
      step.put("tool_response", Map.of("tool_call_id", s.callId(), "content", s.result().content()));
      step.put("is_error", s.result().isError());
      if (s.result().isError()) step.put("kind", s.result().kind().name().toLowerCase(java.util.Locale.ROOT));
      steps.add(step);
      if (s.result().kind() == dev.awm.runtime.ToolResult.Kind.EPISODE_RESET && !t.containsKey("episode_lost")) {
        t.put("episode_lost", s.result().message());
      }
    }
    if (run.stop() == AgentRun.Stop.ANSWERED) {
      Map<String, Object> last = new LinkedHashMap<>();
      last.put("iteration", run.iterations());
      last.put("role", "assistant");
      last.put("content", run.finalAnswer());
      last.put("tool_calls", List.of());
      last.put("is_final", true);
      steps.add(last);
    }
    t.put("trajectory", steps);
    List<Object> messages = new ArrayList<>();
    for (ChatMessage m : run.messages()) {
      Map<String, Object> msg = new LinkedHashMap<>();
      msg.put("role", m.role());
      msg.put("content", m.content());
      if (!m.toolCalls().isEmpty()) {
        List<Object> calls = new ArrayList<>();
        for (ModelToolCall c : m.toolCalls()) calls.add(Map.of("id", c.id(), "name", c.name(), "arguments", c.arguments()));
        msg.put("tool_calls", calls);
      }
      if (m.toolCallId() != null) msg.put("tool_call_id", m.toolCallId());
      messages.add(msg);
    }
    t.put("messages", messages);
    t.put("final_answer", run.finalAnswer());
    return JsonValues.immutableCopy(t);
  }
}
