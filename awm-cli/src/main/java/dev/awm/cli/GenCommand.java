package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.Jsonl;
import dev.awm.core.Scenario;
import dev.awm.core.VerifierMode;
import dev.awm.llm.ChatModel;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineOptions;
import dev.awm.pipeline.PipelineResult;
import dev.awm.pipeline.ScenarioGeneration;
import dev.awm.pipeline.Stage;
import dev.awm.pipeline.StarterScript;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code awm gen STAGE}: run synthesis stages over an output directory, as the reference CLI's
 * {@code gen scenario|task|db|sample|spec|env|verifier|all}. Scenarios come from the directory's
 * gen_scenario.jsonl (or {@code --seeds} for {@code gen scenario}); with no key set the scripted
 * model answers for the starter scenarios.
 */
@Command(name = "gen", mixinStandardHelpOptions = true,
    description = "Synthesis: gen scenario|task|db|sample|spec|env|verifier|all over an output directory.")
final class GenCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "scenario, task, db, sample, spec, env, verifier or all")
  String stage;

  @Option(names = {"--output-dir", "--output_dir", "-o"}, required = true, description = "Directory of the gen_*.jsonl files (read and written).")
  Path outputDir;

  @Option(names = {"--seeds", "--input_path", "--input-path"}, description = "gen scenario: seed scenarios (JSONL of name, description); default: the starter scenarios.")
  Path seeds;

  @Option(names = {"--target-count", "--target_count"}, defaultValue = "10", description = "gen scenario: scenarios to end with (default ${DEFAULT-VALUE}).")
  int targetCount;

  @Option(names = {"--scenario", "-s"}, split = ",", description = "Only these scenarios (default: all in gen_scenario.jsonl, or the starter scenarios when it is absent).")
  List<String> scenarios;

  @Option(names = {"--tasks-per-scenario", "--num_tasks", "--num-tasks"}, defaultValue = "10", description = "Tasks per scenario (default ${DEFAULT-VALUE}).")
  int tasksPerScenario;

  @Option(names = {"--retries", "--max_retry", "--max-retry"}, defaultValue = "4", description = "Retries per stage (default ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = {"--concurrency", "--max_concurrency", "--max-concurrency"}, defaultValue = "8", description = "Model requests at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--mode", defaultValue = "code", description = "Verifier mode: code or sql (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = {"--simulated-now", "--simulated_now"}, description = "The simulated now of scenarios that do not carry one, "
      + "such as 2026-05-20T10:00:00 (default: 09:00 UTC today); stored in gen_scenario.jsonl.")
  String simulatedNow;

  @Option(names = {"--keep-untrusted", "--keep_untrusted"}, description = "Keep tasks whose verifier failed its cross-examination, "
      + "their solution rows marked \"trusted\": false (default: drop them and report them in gen_report.jsonl).")
  boolean keepUntrusted;

  @Mixin
  ModelChoice modelChoice = new ModelChoice();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Stage[] stages = stagesOf(stage);
    Pipeline p = stages[0] == Stage.SCENARIOS
        ? Pipeline.seeds(ScenarioGeneration.of(seedScenarios(), targetCount))
        : Pipeline.scenarios(scenarios()).stages(stages);
    PipelineResult r = synthesize(spec.commandLine().getOut(), System.getenv(), modelChoice, outputDir, p, this::configure);
    if (stages[0] == Stage.SCENARIOS && r.definitions().size() < targetCount) {
      spec.commandLine().getErr().println("gen scenario: " + r.definitions().size() + " of " + targetCount + " scenarios; "
          + (r.summary().reasons().isEmpty() ? "too few candidates were suitable and distinct" : String.join("; ", r.summary().reasons())));
      return 1;
    }
    return r.gaveUp().isEmpty() ? 0 : 1;
  }

  static Stage[] stagesOf(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "scenario" -> new Stage[] {Stage.SCENARIOS};
      case "task" -> new Stage[] {Stage.TASKS};
      case "db" -> new Stage[] {Stage.SCHEMA};
      case "sample" -> new Stage[] {Stage.SAMPLE};
      case "spec" -> new Stage[] {Stage.SPEC};
      case "env" -> new Stage[] {Stage.TOOLS};
      case "verifier" -> new Stage[] {Stage.VERIFIERS, Stage.SOLUTIONS};
      case "all" -> new Stage[] {Stage.TASKS, Stage.SCHEMA, Stage.SAMPLE, Stage.SPEC, Stage.TOOLS, Stage.VERIFIERS, Stage.SOLUTIONS};
      default -> throw new IllegalArgumentException("unknown stage '" + name + "'; use scenario, task, db, sample, spec, env, verifier or all");
    };
  }

  private void configure(PipelineOptions.Builder o) {
    o.tasksPerScenario(tasksPerScenario).retries(retries).concurrency(concurrency).verifierMode(VerifierMode.parse(mode))
        .keepUntrusted(keepUntrusted);
    if (simulatedNow != null) o.simulatedNow(dev.awm.core.SimulatedTime.parse(simulatedNow));
  }

  /**
   * The scenarios to work on: --scenario names looked up in the directory, or all of it, or the
   * starter scenarios. The directory is read as the pipeline resumes from it (a line cut off by a
   * killed run is dropped).
   */
  private List<Scenario> scenarios() {
    List<Scenario> inDir = new ArrayList<>();
    for (EnvironmentDefinition d : Pipeline.existing(outputDir)) inDir.add(d.scenario());
    List<Scenario> base = inDir.isEmpty() ? StarterScript.scenarios() : inDir;
    if (scenarios == null || scenarios.isEmpty()) return base;
    List<Scenario> out = new ArrayList<>();
    for (String s : scenarios) out.add(Definitions.pick(base, Scenario::key, s, outputDir.toString()));
    return out;
  }

  private List<Scenario> seedScenarios() throws java.io.IOException {
    if (seeds == null) return StarterScript.scenarios();
    if (!Files.isRegularFile(seeds)) throw new IllegalArgumentException("no such seed file: " + seeds);
    List<Scenario> out = new ArrayList<>();
    for (var row : Jsonl.read(seeds)) out.add(dev.awm.core.AwmRows.scenario(row));
    return out;
  }

  /** Runs {@code pipeline} with the chosen model over {@code dir}, printing progress and the summary. */
  static PipelineResult synthesize(PrintWriter out, Map<String, String> env, ModelChoice modelChoice, Path dir, Pipeline pipeline,
      Consumer<PipelineOptions.Builder> options) {
    ChatModel model = modelChoice.chatModel(env, dir);
    out.println("model: " + modelChoice.describe());
    try {
      PipelineResult r = pipeline.model(model).outputDir(dir)
          .configure(o -> o.embeddings(modelChoice.embeddings()).listener(new ProgressPrinter(out)))
          .configure(options)
          .run();
      out.print(r.summary().describe());
      out.println("output: " + dir.toAbsolutePath());
      out.flush();
      return r;
    } finally {
      modelChoice.close();
    }
  }
}
