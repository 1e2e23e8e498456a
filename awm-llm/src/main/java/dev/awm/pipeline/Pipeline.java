package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.Scenario;
import dev.awm.llm.ChatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthesis pipeline: from scenarios to verified, runnable environment definitions. The model
 * writes everything; every stage executes what it wrote and feeds the errors back for a retry.
 *
 * <pre>{@code
 * PipelineResult r = Pipeline.scenario(new Scenario("Bookshop", "An online bookshop ..."))
 *     .model(model).outputDir(Path.of("outputs"))
 *     .tasks().database().toolInterface().verifier()
 *     .run();
 * }</pre>
 *
 * <p>{@code tasks()} generates the tasks; {@code database()} the schema and the sample data;
 * {@code toolInterface()} the API spec and the Java tool code (the design card's {@code interface()}:
 * {@code interface} is a reserved word in Java); {@code verifier()} the verifiers and the reference
 * solutions. {@link #stages} runs any stages alone, as the reference CLI's {@code gen task|db|...}.
 *
 * <p>Scenarios run in parallel; one failing scenario never stops the others. Every finished stage
 * of every scenario is appended to the output directory at once, and a rerun skips what is there,
 * so a killed run loses only the calls in flight. Not thread-safe to configure; {@link #run()} may
 * be called once at a time.
 */
public final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final List<Scenario> scenarios;
  private final ScenarioGeneration generation;
  private PipelineOptions.Builder options = PipelineOptions.builder();
  private final EnumSet<Stage> plan = EnumSet.noneOf(Stage.class);

  private Pipeline(List<Scenario> scenarios, ScenarioGeneration generation) {
    this.scenarios = List.copyOf(scenarios);
    this.generation = generation;
  }

  /**
   * A pipeline over the given scenarios.
   *
   * @param scenarios the scenarios, at least one
   * @return a new pipeline with no stage requested yet
   * @throws IllegalArgumentException if no scenario is given
   */
  public static Pipeline scenario(Scenario... scenarios) {
    return scenarios(Arrays.asList(scenarios));
  }

  /**
   * A pipeline over one scenario given by name and description.
   *
   * @param name the scenario's name
   * @param description what the application does
   * @return a new pipeline with no stage requested yet
   */
  public static Pipeline scenario(String name, String description) {
    return scenario(new Scenario(name, description));
  }

  /**
   * A pipeline over the given scenarios.
   *
   * @param scenarios the scenarios, at least one
   * @return a new pipeline with no stage requested yet
   * @throws IllegalArgumentException if the list is empty
   */
  public static Pipeline scenarios(List<Scenario> scenarios) {
    if (scenarios.isEmpty()) throw new IllegalArgumentException("no scenarios given");
    return new Pipeline(scenarios, null);
  }

  /**
   * A pipeline that first generates scenarios from seed scenarios (stage 1) up to
   * {@code generation.targetCount()}, then runs the other requested stages on them.
   *
   * @param generation the seeds and the target of scenario generation; not null
   * @return a new pipeline with only stage 1 requested
   */
  public static Pipeline seeds(ScenarioGeneration generation) {
    Pipeline p = new Pipeline(List.of(), Objects.requireNonNull(generation, "generation"));
    p.plan.add(Stage.SCENARIOS);
    return p;
  }

  /**
   * The definitions a run over {@code dir} resumes from, in the order their scenarios first appear;
   * empty when {@code dir} does not exist. As {@link #run()} does, it first drops a line cut off by
   * a killed run from the end of each {@code .jsonl} file there (rewriting that file).
   *
   * @param dir the output directory of an earlier run
   * @return the definitions found there, possibly incomplete
   * @throws java.io.UncheckedIOException if a file cannot be read or is malformed elsewhere
   */
  public static List<EnvironmentDefinition> existing(Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) return List.of();
    return List.copyOf(new OutputStore(dir).load().values());
  }

  /**
   * Whether it generates scenarios from seeds first (made by {@link #seeds}), the stage that needs
   * embeddings.
   *
   * @return true for a pipeline made by {@link #seeds}
   */
  public boolean generatesScenarios() {
    return generation != null;
  }

  /**
   * Replaces all options (the model and the output directory are required).
   *
   * @param o the options
   * @return this pipeline
   */
  public Pipeline options(PipelineOptions o) {
    this.options = o.toBuilder();
    return this;
  }

  /**
   * The model that writes everything.
   *
   * @param model the model
   * @return this pipeline
   */
  public Pipeline model(ChatModel model) {
    options.model(model);
    return this;
  }

  /**
   * Where the gen_*.jsonl files are written and resumed from.
   *
   * @param dir the output directory
   * @return this pipeline
   */
  public Pipeline outputDir(Path dir) {
    options.outputDir(dir);
    return this;
  }

  /**
   * Adjusts the other options.
   *
   * @param change called once, now, with the options' builder
   * @return this pipeline
   */
  public Pipeline configure(java.util.function.Consumer<PipelineOptions.Builder> change) {
    change.accept(options);
    return this;
  }

  /**
   * Stage 2: user tasks.
   *
   * @return this pipeline
   */
  public Pipeline tasks() {
    plan.add(Stage.TASKS);
    return this;
  }

  /**
   * Stages 3 and 4: schema and sample data.
   *
   * @return this pipeline
   */
  public Pipeline database() {
    plan.add(Stage.SCHEMA);
    plan.add(Stage.SAMPLE);
    return this;
  }

  /**
   * Stages 5 and 6: API spec and tool code (the design card's {@code interface()}).
   *
   * @return this pipeline
   */
  public Pipeline toolInterface() {
    plan.add(Stage.SPEC);
    plan.add(Stage.TOOLS);
    return this;
  }

  /**
   * Stages 7 and 8: verifiers and, unless turned off in the options, reference solutions.
   *
   * @return this pipeline
   */
  public Pipeline verifier() {
    plan.add(Stage.VERIFIERS);
    plan.add(Stage.SOLUTIONS);
    return this;
  }

  /**
   * Every stage after scenario generation.
   *
   * @return this pipeline
   */
  public Pipeline all() {
    return tasks().database().toolInterface().verifier();
  }

  /**
   * Exactly these stages (their inputs must be done already, in this run or an earlier one).
   *
   * @param stages the stages to add to the plan
   * @return this pipeline
   */
  public Pipeline stages(Stage... stages) {
    plan.addAll(Arrays.asList(stages));
    return this;
  }

  /**
   * Runs the requested stages for every scenario and returns what stands in the output directory.
   *
   * @return the definitions as they stand in the output directory, the scenarios given up, and the summary
   * @throws IllegalStateException if no stage was requested
   */
  public PipelineResult run() {
    PipelineOptions o = options.build();
    if (plan.isEmpty()) throw new IllegalStateException("no stages: call tasks(), database(), toolInterface(), verifier() or all()");
    if (!o.referenceSolutions()) plan.remove(Stage.SOLUTIONS);
    PipelineSummary summary = new PipelineSummary();
    OutputStore store = new OutputStore(o.outputDir());
    StageContext ctx = new StageContext(o, summary, store);
    Map<String, EnvironmentDefinition> existing = store.load();
    store.startReport();

    List<Scenario> todo = generation != null ? ScenarioStage.run(ctx, generation, existing) : scenarios;
    Map<String, EnvironmentDefinition> start = new LinkedHashMap<>();
    for (Scenario given : todo) {
      EnvironmentDefinition d = existing.get(given.key());
      Scenario s = o.pinned(given);
      if (d == null) {
        d = EnvironmentDefinition.builder(s).build();
        // a generated scenario was written by the scenario stage when it was accepted
        if (generation == null) store.append(Stage.SCENARIOS.file(), AwmRows.scenarioRow(s));
      }
      start.putIfAbsent(s.key(), d);
    }
    Map<String, String> gaveUp = new ConcurrentHashMap<>();
    ScenarioRun runner = new ScenarioRun(ctx, plan, start.size());
    ExecutorService scenarioPool = Executors.newFixedThreadPool(o.concurrency(), daemon("awm-pipeline"));
    ExecutorService taskPool = Executors.newFixedThreadPool(o.concurrency(), daemon("awm-pipeline-task"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (EnvironmentDefinition d : start.values()) {
        futures.add(scenarioPool.submit(() -> {
          String why = runner.run(d, taskPool);
          if (why != null) gaveUp.put(d.name(), why);
        }));
      }
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the pipeline was interrupted; finished work is in " + o.outputDir(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof PipelineStoppedException stopped) throw stopped;
      throw new IllegalStateException("a pipeline worker failed: " + e.getCause(), e.getCause());
    } finally {
      scenarioPool.shutdownNow();
      taskPool.shutdownNow();
    }
    Map<String, EnvironmentDefinition> done = store.read(); // loaded (and repaired) at the start; only whole rows appended since
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (String key : start.keySet()) if (done.containsKey(key)) out.add(done.get(key));
    LOG.info("pipeline finished: {} scenarios, {} gave up\n{}", out.size(), gaveUp.size(), summary.describe());
    return new PipelineResult(out, gaveUp, summary);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
