package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.Jsonl;
import dev.awm.core.Scenario;
import dev.awm.core.VerifierMode;
import dev.awm.llm.ChatModel;
import dev.awm.llm.EmbeddingModel;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineOptions;
import dev.awm.pipeline.PipelineResult;
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

  @Option(names = {"--output-dir", "--output_dir", "-o"}, description = "Directory of the gen_*.jsonl files (read and written); "
      + "or name the files with the reference's options below.")
  Path outputDir;

  @Option(names = {"--seeds", "--input_path", "--input-path"}, description = "gen scenario, gen all: seed scenarios (JSONL of name, description); "
      + "default: the starter scenarios.")
  Path seeds;

  @Option(names = "--input", description = "The reference's input file: gen task: gen_scenario.jsonl; gen db: gen_tasks.jsonl; gen all: the seeds.")
  Path input;

  @Option(names = {"--input_task", "--input-task"}, description = "gen sample|spec|verifier: the tasks file (gen_tasks.jsonl).")
  Path inputTask;

  @Option(names = {"--input_db", "--input-db"}, description = "gen sample|spec|env: the schema file (gen_db.jsonl).")
  Path inputDb;

  @Option(names = {"--input_spec", "--input-spec"}, description = "gen env: the API spec file (gen_spec.jsonl).")
  Path inputSpec;

  @Option(names = {"--output", "--output_path", "--output-path"}, description = "The file the stage writes (gen scenario: gen_scenario.jsonl, "
      + "gen task: gen_tasks.jsonl, ...); the files it reads are looked for beside the named ones.")
  Path output;

  @Option(names = {"--target-count", "--target_count"}, defaultValue = "10", description = "gen scenario: scenarios to end with (default ${DEFAULT-VALUE}).")
  int targetCount;

  @Option(names = {"--scenario", "-s", "--allowed_scenarios"}, split = ",", description = "Only these scenarios (default: all in gen_scenario.jsonl, or the starter scenarios when it is absent).")
  List<String> scenarios;

  @Option(names = {"--tasks-per-scenario", "--num_tasks", "--num-tasks"}, defaultValue = "10", description = "Tasks per scenario (default ${DEFAULT-VALUE}).")
  int tasksPerScenario;

  @Option(names = {"--retries", "--max_retry", "--max-retry", "--max_retries"}, defaultValue = "4", description = "Retries per stage (default ${DEFAULT-VALUE}).")
  int retries;

  @Option(names = {"--concurrency", "--max_concurrency", "--max-concurrency"}, defaultValue = "8", description = "Model requests at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = {"--mode", "--verifier_mode"}, defaultValue = "code", description = "Verifier mode: code or sql (default ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = {"--simulated-now", "--simulated_now"}, description = "The simulated now of scenarios that do not carry one, "
      + "such as 2026-05-20T10:00:00 (default: 09:00 UTC today); stored in gen_scenario.jsonl.")
  String simulatedNow;

  @Option(names = {"--keep-untrusted", "--keep_untrusted"}, description = "Keep tasks whose verifier failed its cross-examination, "
      + "their solution rows marked \"trusted\": false (default: drop them and report them in gen_report.jsonl).")
  boolean keepUntrusted;

  private String seedOption = "--input_path";

  @Mixin
  ModelChoice modelChoice = new ModelChoice();

  @Mixin
  GenTuning tuning = new GenTuning();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Stage[] stages = stagesOf(stage);
    boolean all = stage.equalsIgnoreCase("all");
    if (all && input != null) {
      if (seeds != null) throw new IllegalArgumentException("give --input or --input_path, not both");
      seeds = input; // the reference's gen all: --input is the seed file
      seedOption = "--input";
      input = null;
    }
    FileOptions files = files(stages[0], all);
    if (files.any() && outputDir != null) throw new IllegalArgumentException("give --output-dir or the stage's file options, not both");
    if (!files.any() && outputDir == null) {
      throw new IllegalArgumentException("give --output-dir (or the reference's file options, e.g. gen task --input gen_scenario.jsonl --output gen_tasks.jsonl)");
    }
    if (files.any()) outputDir = files.workDir();
    try {
      return run(stages, all);
    } finally {
      files.finish();
    }
  }

  /** The reference's file options this stage takes (any other given is an error naming it). */
  private FileOptions files(Stage first, boolean all) {
    Map<String, Path> given = new java.util.LinkedHashMap<>();
    given.put("--input", input);
    given.put("--input_task", inputTask);
    given.put("--input_db", inputDb);
    given.put("--input_spec", inputSpec);
    given.put("--output", output);
    List<String> takes = all ? List.of() : switch (first) {
      case SCENARIOS -> List.of("--output");
      case TASKS, SCHEMA -> List.of("--input", "--output");
      case SAMPLE, SPEC -> List.of("--input_task", "--input_db", "--output");
      case TOOLS -> List.of("--input_spec", "--input_db", "--output");
      default -> List.of("--input_task", "--output");
    };
    given.forEach((option, file) -> {
      if (file != null && !takes.contains(option)) {
        throw new IllegalArgumentException(option + " is not an option of gen " + stage + (takes.isEmpty() ? "" : "; it takes " + String.join(", ", takes)));
      }
    });
    FileOptions f = new FileOptions();
    if (first == Stage.TASKS) f.in("--input", input, dev.awm.core.AwmDirectory.SCENARIOS);
    if (first == Stage.SCHEMA) f.in("--input", input, dev.awm.core.AwmDirectory.TASKS);
    return f.in("--input_task", inputTask, dev.awm.core.AwmDirectory.TASKS).in("--input_db", inputDb, dev.awm.core.AwmDirectory.DB)
        .in("--input_spec", inputSpec, dev.awm.core.AwmDirectory.SPEC).out(output, first.file());
  }

  private int run(Stage[] stages, boolean all) throws Exception {
    Pipeline p = stages[0] == Stage.SCENARIOS || (all && seeds != null)
        ? Pipeline.seeds(tuning.generation(seedScenarios(), targetCount)).stages(stages)
        : Pipeline.scenarios(tuning.select(scenarios())).stages(stages);
    PipelineResult r = synthesize(spec.commandLine().getOut(), System.getenv(), modelChoice, outputDir, p, this::configure);
    tuning.writeDatabases(r, spec.commandLine().getOut());
    if ((stages[0] == Stage.SCENARIOS || (all && seeds != null)) && r.definitions().size() < targetCount) {
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
    tuning.configure(o, concurrency, spec.commandLine().getParseResult().hasMatchedOption("--concurrency"));
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
    if (!Files.isRegularFile(seeds)) throw new IllegalArgumentException(seedOption + ": no such seed file: " + seeds);
    List<Scenario> out = new ArrayList<>();
    for (var row : Jsonl.read(seeds)) out.add(dev.awm.core.internal.AwmRows.scenario(row));
    return out;
  }

  /** Runs {@code pipeline} with the chosen model over {@code dir}, printing progress and the summary. */
  static PipelineResult synthesize(PrintWriter out, Map<String, String> env, ModelChoice modelChoice, Path dir, Pipeline pipeline,
      Consumer<PipelineOptions.Builder> options) {
    ChatModel model = modelChoice.chatModel(env, dir);
    out.println("model: " + modelChoice.describe());
    EmbeddingModel embeddings = modelChoice.embeddings();
    if (pipeline.generatesScenarios()) out.println("embeddings: " + ModelChoice.describe(embeddings));
    try {
      PipelineResult r = pipeline.model(model).outputDir(dir)
          .configure(o -> o.embeddings(embeddings).listener(new ProgressPrinter(out)))
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
