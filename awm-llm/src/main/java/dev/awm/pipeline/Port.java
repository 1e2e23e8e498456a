package dev.awm.pipeline;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports environments of the reference implementation (a directory in its format, such as a
 * downloaded AgentWorldModel-1K, whose {@code gen_envs.jsonl} holds Python FastAPI apps and whose
 * code-mode verifiers are Python functions) to this project's Java tool code and verifiers.
 *
 * <pre>{@code
 * PortResult r = Port.from(Path.of("AgentWorldModel-1K"))
 *     .options(PipelineOptions.builder().model(model).outputDir(Path.of("ported")).build())
 *     .python(PythonRuntime.find(null, System.getenv()).runtime().orElse(null))
 *     .run();
 * }</pre>
 *
 * <p>The model translates each environment's tool code, then each verifier; what it wrote is
 * compiled and checked against the original, and the problems are fed back for another attempt,
 * as in synthesis ({@link PipelineOptions#retries()}). With a Python interpreter, the check is
 * differential: the original runs under uvicorn on a copy of its database, every endpoint is called
 * on both sides with the same arguments (the spec's examples and argument sets the model proposes),
 * and the answers and the databases must match; both verifiers judge the same episodes and must
 * agree. What stays different after the last attempt is kept and reported per tool and per
 * verifier in {@code port_report.jsonl}. Without Python, only the checks synthesis makes run, and
 * the result says so ({@link PortResult#checked()}).
 *
 * <p>The output directory loads with {@link AwmDirectory#load} and {@code Environment.of}; rows are
 * appended as they are accepted, and a rerun skips what is there. Environments are ported in
 * parallel up to the concurrency, their verifiers too; the model's answers go through whatever
 * {@link dev.awm.llm.ChatModel} the options carry (a {@link dev.awm.llm.CachingChatModel} records
 * and replays them).
 */
public final class Port {
  private static final Logger LOG = LoggerFactory.getLogger(Port.class);

  private final Path input;
  private PipelineOptions options;
  private PythonRuntime python;
  private String pythonMissing = "no Python interpreter was given";

  private Port(Path input) {
    this.input = Objects.requireNonNull(input, "input");
  }

  /**
   * A port of the reference directory {@code input}.
   *
   * @param input a directory in the reference's format whose tool code and code-mode verifiers are Python
   * @return the port, to configure and run
   */
  public static Port from(Path input) {
    return new Port(input);
  }

  /**
   * The options: the model and the output directory are required; retries, concurrency and the listener apply.
   *
   * @param o the pipeline options of the port
   * @return this port
   */
  public Port options(PipelineOptions o) {
    this.options = Objects.requireNonNull(o, "options");
    return this;
  }

  /**
   * The interpreter that runs the originals (null: none, the differential check is skipped).
   *
   * @param runtime a Python with FastAPI, SQLAlchemy 2, Pydantic 2 and uvicorn, or null
   * @return this port
   */
  public Port python(PythonRuntime runtime) {
    this.python = runtime;
    if (runtime != null) pythonMissing = "";
    return this;
  }

  /**
   * The outcome of {@link PythonRuntime#find}: its runtime, or the reason there is none (reported).
   *
   * @param lookup where an interpreter was looked for and what was found
   * @return this port
   */
  public Port python(PythonRuntime.Lookup lookup) {
    this.python = lookup.runtime().orElse(null);
    this.pythonMissing = lookup.found() ? "" : lookup.why();
    return this;
  }

  /**
   * Ports every environment of the input that the output does not hold yet.
   *
   * @return the ported definitions, a report line per environment, tool and verifier, and the run's summary
   * @throws UncheckedIOException if the input cannot be read
   * @throws PipelineStoppedException if the model cannot be used at all (a refused key)
   */
  public PortResult run() {
    if (options == null) throw new IllegalStateException("options are required: the model and the output directory");
    List<EnvironmentDefinition> sources;
    try {
      sources = AwmDirectory.load(input);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the reference directory " + input + ": " + e.getMessage(), e);
    }
    if (python == null) {
      LOG.warn("THE DIFFERENTIAL CHECK IS SKIPPED: {}. The ports are only compiled and tried on the spec's examples.", pythonMissing);
    }
    PipelineSummary summary = new PipelineSummary();
    OutputStore store = new OutputStore(options.outputDir());
    Map<String, EnvironmentDefinition> existing = store.load();
    PortReports reports = new PortReports(options.outputDir(), store);
    StageContext ctx = new StageContext(options, summary, store);
    ExecutorService envPool = Executors.newFixedThreadPool(options.concurrency(), daemon("awm-port"));
    ExecutorService taskPool = Executors.newFixedThreadPool(options.concurrency(), daemon("awm-port-verifier"));
    PortRun run = new PortRun(ctx, python, reports, taskPool);
    run.start(sources.size());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (EnvironmentDefinition d : sources) futures.add(envPool.submit(() -> run.run(d, existing.get(d.name()))));
      PortRun.joinAll(futures);
    } finally {
      envPool.shutdownNow();
      taskPool.shutdownNow();
    }
    Map<String, EnvironmentDefinition> done = store.read();
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (EnvironmentDefinition d : sources) if (done.containsKey(d.name())) out.add(done.get(d.name()));
    LOG.info("port finished: {} of {} environments in {}\n{}", out.size(), sources.size(), options.outputDir(), summary.describe());
    return new PortResult(out, reports.lines(), summary, python == null ? "" : python.executable() + " (" + python.versions() + ")", pythonMissing);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
