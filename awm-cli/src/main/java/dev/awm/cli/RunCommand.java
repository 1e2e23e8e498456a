package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.ToolCall;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineResult;
import dev.awm.pipeline.StarterScript;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code awm run}: the main job, the whole loop. Synthesizes the starter scenarios' environments
 * (with no key, the scripted model answers from the starter pack; with a key, the live model
 * writes them), validates them (the cross-examination of every verifier), and rolls out one episode with its reward.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "The whole loop: synthesize environments -> validate them (cross-examine every verifier) -> roll out an episode with a reward.")
final class RunCommand implements Callable<Integer> {
  @Option(names = {"--output-dir", "--output_dir", "-o"}, description = "Where synthesis writes (and resumes); default: "
      + "~/.cache/awm/run/offline, or ~/.cache/awm/run/live-<model> with a live model ($XDG_CACHE_HOME instead of ~/.cache when set), reused and resumed by every run.")
  Path outputDir;

  @Option(names = {"--scenario", "-s"}, description = "Scenario of the episode to roll out (default: the first).")
  String scenario;

  @Option(names = {"--task", "-t"}, defaultValue = "0", description = "Task index of the episode (default: ${DEFAULT-VALUE}).")
  int task;

  @Option(names = {"--concurrency"}, defaultValue = "4", description = "Model requests at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Mixin
  ModelChoice modelChoice = new ModelChoice();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> env = System.getenv();
    Path dir = outputDir != null ? outputDir : defaultDir(env, modelChoice);
    Files.createDirectories(dir);
    out.println("== 1. synthesis: " + StarterScript.scenarios().size() + " scenarios -> " + dir
        + (outputDir != null ? "" : " (the default: reused and resumed by the next run; -o for another)"));
    PipelineResult synthesized = GenCommand.synthesize(out, env, modelChoice, dir,
        Pipeline.scenarios(StarterScript.scenarios()).all(), o -> o.concurrency(concurrency));
    List<EnvironmentDefinition> defs = synthesized.definitions();
    if (defs.isEmpty()) throw new IllegalStateException("synthesis produced no environment; see the reasons above");

    out.println("== 2. validation (cross-examination of every verifier)");
    ValidateCommand.Summary summary = ValidateCommand.validate(defs, out);

    EnvironmentDefinition def = scenario == null ? defs.get(0) : Definitions.pick(defs, scenario, dir.toString());
    String text = Definitions.task(def, task);
    ReferenceSolution policy = def.solution(task).orElseThrow(
        () -> new IllegalArgumentException("task " + task + " of '" + def.name() + "' has no reference solution to roll out"));
    out.println("== 3. episode: " + def.name() + " task " + task + " (policy: the reference solution)");
    out.println("   task: " + text);
    TaskVerifiers verifiers = summary.verifiers.get(def.name());
    if (verifiers == null) verifiers = TaskVerifiers.compile(Environment.of(def)); // it did not build: this throws why, as validation printed
    try (EnvironmentHandle handle = verifiers.environment().newHandle()) {
      int step = 0;
      for (ToolCall call : policy.calls()) {
        ToolResult r = handle.callTool(call);
        out.printf("   step %d: %s %s -> %s%s%n", ++step, call.name(), JsonValues.write(call.arguments()),
            r.isError() ? "ERROR " : "", Text.abbreviate(r.isError() ? r.message() : r.content(), 160));
      }
      if (!policy.finalAnswer().isEmpty()) out.println("   final answer: " + policy.finalAnswer());
      RewardOutcome outcome = verifiers.reward(handle, task, policy.finalAnswer());
      out.printf("   reward: %.1f (%s) %s%n", outcome.reward(), outcome.status(), outcome.details());
      boolean ok = synthesized.gaveUp().isEmpty() && summary.ok() && outcome.isComplete();
      out.println(ok ? "== done: all checks passed" : "== done: some checks failed (see above)");
      out.flush();
      return ok ? 0 : 1;
    }
  }

  /**
   * One directory per model under the user's cache ({@code $XDG_CACHE_HOME/awm/run/...}, else
   * {@code ~/.cache/awm/run/...}): a rerun resumes there instead of starting over, and the scripted
   * model's outputs are never taken for a live model's.
   */
  static Path defaultDir(Map<String, String> env, ModelChoice modelChoice) {
    String cache = env.get("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    String model = ModelChoice.withModel(env, modelChoice.model).getOrDefault("AWM_SYN_OVERRIDE_MODEL", "default");
    String who = modelChoice.live(env) ? "live-" + model.replaceAll("[^A-Za-z0-9._-]", "_") : "offline";
    return base.resolve("awm").resolve("run").resolve(who);
  }

}
