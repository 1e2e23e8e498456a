package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ToolCall;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import dev.awm.port.internal.ReferenceException;
import dev.awm.port.internal.ReferenceServer;
import dev.awm.port.internal.ToolCheck;
import dev.awm.runtime.CodeCompileException;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.EnvironmentHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Ports one reference environment: its Python tool code to Java (checked call by call against the
 * original running under uvicorn, the differences fed back), then each of its code-mode verifiers
 * ({@link PortVerifiers}). Writes the ported rows to the output as they are accepted and a report
 * line for the environment, each tool and each verifier.
 */
final class PortRun {
  private static final Logger LOG = LoggerFactory.getLogger(PortRun.class);

  private final StageContext ctx;
  private final PythonRuntime python;
  private final PortReports reports;
  private final ExecutorService taskPool;
  private final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int total;

  PortRun(StageContext ctx, PythonRuntime python, PortReports reports, ExecutorService taskPool) {
    this.ctx = ctx;
    this.python = python;
    this.reports = reports;
    this.taskPool = taskPool;
  }

  /** Announces the run: {@code n} environments. */
  void start(int n) {
    total = n;
    ctx.options.listener().onEvent(new ProgressEvent(Stage.PORT_TOOLS, "", ProgressEvent.Kind.STAGE_STARTED, "", 0, n, 0));
  }

  /** What the tool port produced: the environment with the Java tools, and the calls compared. */
  record Tools(Environment env, List<ToolCheck.Comparison> comparisons, String unchecked) {}

  /** Ports {@code source}; {@code done} is what an earlier run wrote for it (null: nothing). */
  void run(EnvironmentDefinition source, EnvironmentDefinition done) {
    String name = source.name();
    if (source.toolCode() == null || !ToolCode.PYTHON.equals(source.toolCode().language())) {
      reports.add(new PortReport(name, "environment", "", "failed", 0, 0, List.of(),
          source.toolCode() == null ? "it has no tool code" : "its tool code is already " + source.toolCode().language()));
      return;
    }
    Environment base = Environment.of(database(source));
    List<VerifierCode> todo = new ArrayList<>();
    for (VerifierCode v : source.verifiers()) {
      if (done != null && done.verifier(v.taskIndex()).isPresent()) {
        reports.add(new PortReport(name, "verifier", Integer.toString(v.taskIndex()), "resumed", 0, 0, List.of(), "ported by an earlier run"));
      } else {
        todo.add(v);
      }
    }
    boolean toolsDone = done != null && done.toolCode() != null;
    PipelineSummary.StageCounts counts = ctx.summary.stage(Stage.PORT_TOOLS);
    if (toolsDone && todo.isEmpty()) {
      reports.add(new PortReport(name, "environment", "", "resumed", 0, 0, List.of(), "ported by an earlier run"));
      counts.skipped.incrementAndGet();
      event(Stage.PORT_TOOLS, name, ProgressEvent.Kind.SKIPPED, "ported by an earlier run");
      base.releaseSpares();
      return;
    }
    ReferenceServer server = null;
    String unchecked = python == null ? "no Python to run the original" : null;
    if (python != null) {
      try {
        server = ReferenceServer.start(python, name, source.toolCode().source(), base.initialImage(), source.simulatedNow());
      } catch (ReferenceException e) {
        unchecked = "the original does not start: " + e.getMessage();
        LOG.warn("{}: {}", name, unchecked);
      }
    }
    Environment ported = null;
    try {
      if (toolsDone) {
        ported = Environment.of(done.toBuilder().verifiers(List.of()).solutions(List.of()).challenges(List.of()).build());
        reports.add(new PortReport(name, "environment", "", "resumed", 0, 0, List.of(), "tools ported by an earlier run"));
        counts.skipped.incrementAndGet();
      } else {
        counts.in.incrementAndGet();
        StageContext.Attempted<Tools> a = tools(source, server, unchecked);
        counts.out.incrementAndGet();
        if (a.retried()) counts.retried.incrementAndGet();
        ported = a.value().env();
        writeEnvironment(source, ported.definition().toolCode());
        reportTools(source, a);
      }
      new PortVerifiers(ctx, python, server, unchecked, reports).run(source, base, ported, todo, taskPool);
      event(Stage.PORT_TOOLS, name, ProgressEvent.Kind.DONE, "ported");
    } catch (GaveUp e) {
      counts.gaveUp.incrementAndGet();
      ctx.summary.reason(name + ": " + e.getMessage());
      reports.add(new PortReport(name, "environment", "", "failed", ctx.options.retries() + 1, 0, List.of(), e.getMessage()));
      event(Stage.PORT_TOOLS, name, ProgressEvent.Kind.GAVE_UP, e.getMessage());
    } catch (ReferenceException e) {
      reports.add(new PortReport(name, "environment", "", "failed", 0, 0, List.of(), e.getMessage()));
      event(Stage.PORT_TOOLS, name, ProgressEvent.Kind.GAVE_UP, e.getMessage());
    } finally {
      if (server != null) server.close();
      base.releaseSpares();
      if (ported != null) ported.releaseSpares();
    }
  }

  /** {@code d} as a database only: no spec, code, verifiers or solutions. */
  static EnvironmentDefinition database(EnvironmentDefinition d) {
    return d.toBuilder().spec(null).toolCode(null).verifiers(List.of()).solutions(List.of()).challenges(List.of()).build();
  }

  private StageContext.Attempted<Tools> tools(EnvironmentDefinition source, ReferenceServer server, String unchecked) {
    String user = Prompts.render("port_tools.user.md", Map.of("scenario_name", source.scenario().name(), "contract", Render.toolContract(source),
        "spec", Render.spec(source), "schema", Render.schema(source), "now", Render.now(source), "python", source.toolCode().source()));
    Set<ToolCall> probes = ConcurrentHashMap.newKeySet(); // every attempt's probes stay: a later answer cannot drop a failing one
    List<ToolCall> ordered = java.util.Collections.synchronizedList(new ArrayList<>());
    return ctx.attempt(Stage.PORT_TOOLS, source.name(), null, Prompts.load("port_tools.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      String code = root.path("full_code").asString("");
      if (code.isBlank()) throw new StageRejected("\"full_code\" is missing or empty");
      for (ToolCall p : VerificationStages.calls(root.path("probes"))) if (probes.add(p)) ordered.add(p);
      Environment env;
      try {
        env = Environment.of(source.toBuilder().toolCode(ToolCode.java(code)).verifiers(List.of()).solutions(List.of()).challenges(List.of()).build());
      } catch (CodeCompileException e) {
        throw new StageRejected(e.getMessage());
      } catch (EnvironmentBuildException e) {
        throw new StageRejected(e.getMessage());
      }
      boolean accepted = false;
      try {
        Tools t = server == null ? unchecked(env, unchecked, last) : compared(env, server, List.copyOf(ordered), last);
        accepted = true;
        return t;
      } finally {
        if (!accepted) env.releaseSpares();
      }
    });
  }

  /** Without the original: the port must compile and not break on the spec's examples (the checks synthesis makes). */
  private static Tools unchecked(Environment env, String why, boolean last) {
    List<String> crashes = InterfaceStages.exercise(env).stream().filter(f -> !f.toolError()).map(InterfaceStages.ExampleFailure::text).toList();
    if (!crashes.isEmpty() && !last) throw new StageRejected(crashes);
    return new Tools(env, List.of(), why);
  }

  private static Tools compared(Environment env, ReferenceServer server, List<ToolCall> probes, boolean last) {
    List<ToolCheck.Comparison> all = new ArrayList<>();
    try (EnvironmentHandle h = env.newHandle()) {
      for (ToolCall c : ToolCheck.calls(env, probes)) {
        if (!server.operations().contains(c.name())) continue; // reported per tool
        all.add(ToolCheck.compare(server, h, c));
      }
    }
    List<String> different = all.stream().filter(c -> !c.matches()).map(ToolCheck.Comparison::describe).toList();
    if (!different.isEmpty() && !last) {
      List<String> problems = new ArrayList<>();
      problems.add(different.size() + " of " + all.size() + " calls answer or write differently from the Python original (each call from the initial database)");
      problems.addAll(different);
      throw new StageRejected(problems);
    }
    return new Tools(env, all, null);
  }

  private void writeEnvironment(EnvironmentDefinition source, ToolCode code) {
    EnvironmentDefinition d = source.toBuilder().toolCode(code).build();
    ctx.store.append(dev.awm.core.AwmDirectory.SCENARIOS, AwmRows.scenarioRow(d.scenario()));
    ctx.store.append(dev.awm.core.AwmDirectory.TASKS, AwmRows.tasksRow(d));
    ctx.store.append(dev.awm.core.AwmDirectory.DB, AwmRows.dbRow(d));
    ctx.store.append(dev.awm.core.AwmDirectory.SAMPLE, AwmRows.sampleRow(d));
    ctx.store.append(dev.awm.core.AwmDirectory.SPEC, AwmRows.specRow(d));
    ctx.store.append(dev.awm.core.AwmDirectory.ENVS, AwmRows.envRow(d));
  }

  private void reportTools(EnvironmentDefinition source, StageContext.Attempted<Tools> a) {
    String name = source.name();
    Tools t = a.value();
    reports.add(new PortReport(name, "environment", "", "ported", a.attempts(), t.comparisons().size(), List.of(),
        t.unchecked() == null ? "" : "not compared with the original: " + t.unchecked()));
    for (Endpoint e : source.spec().endpoints()) {
      String op = e.operationId();
      List<ToolCheck.Comparison> mine = t.comparisons().stream().filter(c -> c.call().name().equals(op)).toList();
      List<String> diffs = mine.stream().filter(c -> !c.matches()).map(ToolCheck.Comparison::describe).toList();
      String status;
      String reason = "";
      if (t.unchecked() != null) {
        status = "unchecked";
        reason = t.unchecked();
      } else if (mine.isEmpty()) {
        status = "unchecked";
        reason = "the original app declares no operation '" + op + "'";
      } else {
        status = diffs.isEmpty() ? "matches" : "differs";
      }
      reports.add(new PortReport(name, "tool", op, status, a.attempts(), mine.size(), diffs, reason));
    }
  }

  private void event(Stage s, String scenario, ProgressEvent.Kind kind, String message) {
    ctx.options.listener().onEvent(new ProgressEvent(s, scenario, kind, message, finished.incrementAndGet(), total, ctx.summary.tokens()));
  }

  /** Waits for every future; rethrows what one threw. */
  static void joinAll(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      }
    }
  }
}
