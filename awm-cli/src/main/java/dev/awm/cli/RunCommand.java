package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code awm run}: the main job. Takes environments (the starter pack unless told otherwise),
 * validates them with the replay check, and rolls out one episode with a reward.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "The whole loop: environments -> replay-check validation -> an episode rolled out and rewarded.")
final class RunCommand implements Callable<Integer> {
  @Option(names = {"--input-dir", "--input_dir", "-i"}, description = "Directory of gen_*.jsonl files (default: the starter pack).")
  Path inputDir;

  @Option(names = {"--scenario", "-s"}, description = "Scenario of the episode to roll out (default: the first).")
  String scenario;

  @Option(names = {"--task", "-t"}, defaultValue = "0", description = "Task index of the episode (default: ${DEFAULT-VALUE}).")
  int task;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<EnvironmentDefinition> defs = Definitions.load(inputDir, null);
    out.println("== environments: " + (inputDir == null ? "the starter pack (embedded, no key needed)" : inputDir));
    out.println("   synthesis from scenarios is not part of this build yet; the loop starts from these definitions");
    out.println("== validation (replay check)");
    ValidateCommand.Summary summary = ValidateCommand.validate(defs, out);

    EnvironmentDefinition def = scenario == null ? defs.get(0) : Definitions.load(inputDir, List.of(scenario)).get(0);
    if (task < 0 || task >= def.tasks().size()) {
      throw new IllegalArgumentException("scenario '" + def.name() + "' has tasks 0.." + (def.tasks().size() - 1) + ", not " + task);
    }
    ReferenceSolution policy = def.solution(task).orElseThrow(
        () -> new IllegalArgumentException("task " + task + " of '" + def.name() + "' has no reference solution to roll out"));
    out.println("== episode: " + def.name() + " task " + task + " (policy: the reference solution)");
    out.println("   task: " + def.tasks().get(task));
    Environment env = Environment.of(def);
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    try (EnvironmentHandle handle = env.newHandle()) {
      int step = 0;
      for (ToolCall call : policy.calls()) {
        ToolResult r = handle.callTool(call);
        out.printf("   step %d: %s %s -> %s%s%n", ++step, call.name(), dev.awm.core.JsonValues.write(call.arguments()),
            r.isError() ? "ERROR " : "", abbreviate(r.isError() ? r.message() : r.content()));
      }
      if (!policy.finalAnswer().isEmpty()) out.println("   final answer: " + policy.finalAnswer());
      RewardOutcome outcome = verifiers.reward(handle, task, policy.finalAnswer());
      out.printf("   reward: %.1f (%s) %s%n", outcome.reward(), outcome.status(), outcome.details());
      boolean ok = summary.passing == summary.tasks && summary.broken == 0 && outcome.isComplete();
      out.println(ok ? "== done: all checks passed" : "== done: some checks failed (see above)");
      out.flush();
      return ok ? 0 : 1;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 160 ? s : s.substring(0, 157) + "...";
  }
}
