package dev.awm.verify;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.runtime.EnvironmentHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference-solution replay check: for each task, its reference solution on a fresh handle must
 * be rewarded complete, and the no-op episode must not be. A verifier that rewards the no-op is
 * flagged as unsafe for RL.
 */
public final class ReplayCheck {
  private ReplayCheck() {}

  /**
   * Checks every task of the environment of {@code verifiers}.
   *
   * @param verifiers the compiled verifiers of an environment
   * @return one check per task, in task order
   */
  public static List<TaskCheck> run(TaskVerifiers verifiers) {
    EnvironmentDefinition def = verifiers.environment().definition();
    List<TaskCheck> out = new ArrayList<>();
    try (EnvironmentHandle handle = verifiers.environment().newHandle()) {
      for (int i = 0; i < def.tasks().size(); i++) {
        out.add(check(verifiers, handle, i, def.tasks().get(i), def.solution(i)));
      }
    }
    return out;
  }

  /**
   * Checks one task on {@code handle} (which is reset before and between the two episodes).
   *
   * @param verifiers the compiled verifiers of the handle's environment
   * @param handle a handle of that environment
   * @param taskIndex the task's index
   * @param task the task text, for the report
   * @param solution the task's reference solution; when empty the check fails
   * @return the check, with what went wrong
   */
  public static TaskCheck check(TaskVerifiers verifiers, EnvironmentHandle handle, int taskIndex, String task,
      Optional<ReferenceSolution> solution) {
    List<String> problems = new ArrayList<>();
    RewardOutcome reference = null;
    handle.reset();
    if (solution.isEmpty()) {
      problems.add("no reference solution");
    } else {
      ReferenceCalls.play(handle, solution.get().calls(),
          (number, call, r) -> problems.add("reference call " + number + " (" + call.name() + ") failed: " + r.message()));
      reference = verifiers.reward(handle, taskIndex, solution.get().finalAnswer());
      if (!reference.isComplete()) {
        problems.add("reference solution is not rewarded complete: " + reference.status() + " " + reference.details());
      }
    }
    handle.reset();
    RewardOutcome noop = verifiers.reward(handle, taskIndex, "");
    if (noop.isComplete()) problems.add("the verifier rewards doing nothing (unsafe for RL): " + noop.details());
    else if (noop.status() != RewardStatus.INCOMPLETE) problems.add("no-op episode: " + noop.status() + " " + noop.details());
    handle.reset();
    return new TaskCheck(taskIndex, task, reference, noop, problems);
  }
}
