package dev.awm.verify;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step-style adapter for trainers used to Gymnasium or OpenEnv. {@link #reset(int)} starts an
 * episode of a task and gives the first observation (the task text and the tool list);
 * {@link #step(Action)} takes a tool call or a final answer and gives the observation, the reward
 * (from the verifier, at the end; 0 before), whether the episode is done, and info.
 *
 * <p>An episode ends with the final answer, or when the step budget runs out (an agent error).
 * Owns neither the handle nor the verifiers; one thread at a time, like its handle.
 */
public final class StepEnvironment {
  /**
   * What the agent sees.
   *
   * @param text the task at reset, the tool's JSON result (or error) after a call, the final answer at the end
   * @param tools the tools the agent may call
   */
  public record Observation(String text, List<ToolDescriptor> tools) {}

  /**
   * What the agent does: call a tool, or answer (which ends the episode).
   *
   * @param toolCall the tool call, or null for an answer
   * @param finalAnswer the final answer, or null for a tool call (an answer wins when both are set)
   */
  public record Action(ToolCall toolCall, String finalAnswer) {
    /**
     * An action that calls a tool.
     *
     * @param tool the tool's name
     * @param arguments the arguments as plain JSON values; null means none
     * @return the action
     */
    public static Action call(String tool, Map<String, Object> arguments) {
      return new Action(new ToolCall(tool, arguments), null);
    }

    /**
     * An action that answers, ending the episode.
     *
     * @param text the final answer; not null
     * @return the action
     */
    public static Action answer(String text) {
      return new Action(null, Objects.requireNonNull(text, "text"));
    }
  }

  /**
   * The result of one step.
   *
   * @param observation what the agent sees next
   * @param reward the reward (the verifier's, on the last step)
   * @param done whether the episode ended
   * @param info details: {@code kind} of a tool result, and at the end {@code status}, {@code details}, {@code steps}
   */
  public record StepResult(Observation observation, double reward, boolean done, Map<String, Object> info) {}

  private final EnvironmentHandle handle;
  private final TaskVerifiers verifiers;
  private final int maxSteps;
  private final List<Map<String, Object>> trajectory = new ArrayList<>();
  private int task = -1;
  private int steps;
  private boolean done = true;

  /**
   * A step adapter over {@code handle}, rewarded by {@code verifiers}.
   *
   * @param handle the episode's handle
   * @param verifiers the verifiers of the handle's environment
   * @param maxSteps tool calls allowed per episode (the episode ends as an agent error after that)
   */
  public StepEnvironment(EnvironmentHandle handle, TaskVerifiers verifiers, int maxSteps) {
    if (handle.environment() != verifiers.environment()) throw new IllegalArgumentException("handle and verifiers of different environments");
    if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be >= 1");
    this.handle = handle;
    this.verifiers = verifiers;
    this.maxSteps = maxSteps;
  }

  /**
   * Starts an episode of task {@code taskIndex} in the initial state.
   *
   * @param taskIndex the task's index
   * @return the first observation: the task text and the tool list
   * @throws IllegalArgumentException if the environment has no such task
   */
  public Observation reset(int taskIndex) {
    List<String> tasks = handle.environment().definition().tasks();
    if (taskIndex < 0 || taskIndex >= tasks.size()) {
      throw new IllegalArgumentException("environment '" + handle.environment().name() + "' has tasks 0.." + (tasks.size() - 1));
    }
    handle.reset();
    task = taskIndex;
    steps = 0;
    done = false;
    trajectory.clear();
    return new Observation(tasks.get(taskIndex), handle.listTools());
  }

  /**
   * Takes one action.
   *
   * @param action a tool call or a final answer
   * @return the observation, the reward (0 until the episode ends), whether it ended, and info
   * @throws IllegalStateException if no episode is under way (call {@link #reset(int)} first)
   */
  public StepResult step(Action action) {
    if (done) throw new IllegalStateException("the episode is over: call reset(task) first");
    Map<String, Object> info = new LinkedHashMap<>();
    if (action.finalAnswer() != null) {
      done = true;
      RewardOutcome o = verifiers.reward(handle, task, action.finalAnswer(), JsonValues.write(trajectory));
      return end(o, info, new Observation(action.finalAnswer(), handle.listTools()));
    }
    steps++;
    ToolResult r = handle.callTool(action.toolCall());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("tool", action.toolCall().name());
    entry.put("arguments", action.toolCall().arguments());
    entry.put("result", r.content());
    trajectory.add(entry);
    info.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
    info.put("steps", steps);
    handle.episodeLost().ifPresent(why -> info.put("episode_lost", why));
    Observation next = new Observation(r.content(), handle.listTools());
    if (steps >= maxSteps) {
      done = true;
      return end(verifiers.outcome(task, RewardStatus.AGENT_ERROR, "no final answer within " + maxSteps + " steps"), info, next);
    }
    return new StepResult(next, 0.0, false, info);
  }

  /** The last step: {@code info} gets the outcome's status (upper case), details and the steps taken. */
  private StepResult end(RewardOutcome o, Map<String, Object> info, Observation last) {
    info.put("status", o.status().name());
    info.put("details", o.details());
    info.put("steps", steps);
    return new StepResult(last, o.reward(), true, info);
  }
}
