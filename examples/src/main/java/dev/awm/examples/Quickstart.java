package dev.awm.examples;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import java.util.Map;

/**
 * Load a starter environment, list its tools, call a few, and get the reward of a task.
 * Run: {@code java -cp examples/target/classes:... dev.awm.examples.Quickstart} (the tests run it too).
 */
public final class Quickstart {
  private Quickstart() {}

  /** Runs the example and returns the reward it got. */
  public static RewardOutcome run(StringBuilder log) {
    EnvironmentDefinition def = StarterPack.load("e_commerce");
    Environment env = Environment.of(def);
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    try (EnvironmentHandle handle = env.newHandle()) {
      log.append(env.name()).append(": ").append(handle.listTools().size()).append(" tools\n");
      for (ToolDescriptor t : handle.listTools().subList(0, 3)) log.append("  ").append(t.name()).append(": ").append(t.description()).append('\n');

      log.append("task 6: ").append(def.tasks().get(6)).append('\n');
      // a bad call is an error result that names the problem, not an exception
      ToolResult bad = handle.callTool("create_review", Map.of("rating", "five"));
      log.append("bad call -> ").append(bad.message()).append('\n');
      // the reference solution of task 6, as an agent would make the calls
      for (var call : def.solution(6).orElseThrow().calls()) {
        ToolResult r = handle.callTool(call);
        log.append(call.name()).append(" -> ").append(r.isError() ? r.message() : r.content()).append('\n');
      }
      RewardOutcome outcome = verifiers.reward(handle, 6, "");
      log.append("reward: ").append(outcome.reward()).append(" (").append(outcome.status()).append(") ").append(outcome.details()).append('\n');
      handle.reset();
      log.append("after reset: ").append(verifiers.reward(handle, 6, "").status()).append('\n');
      return outcome;
    }
  }

  public static void main(String[] args) {
    StringBuilder log = new StringBuilder();
    run(log);
    System.out.print(log);
  }
}
