package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.Challenge;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.VerifierCode;
import dev.awm.runtime.Environment;
import dev.awm.verify.TaskVerifiers;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Takes one scenario through the planned stages, skipping what the output directory already holds. */
final class ScenarioRun {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);

  private final StageContext ctx;
  private final Set<Stage> plan;
  private final int total;
  private final Map<Stage, AtomicInteger> done = new EnumMap<>(Stage.class);

  ScenarioRun(StageContext ctx, Set<Stage> plan, int total) {
    this.ctx = ctx;
    this.plan = plan;
    this.total = total;
    for (Stage s : Stage.values()) {
      done.put(s, new AtomicInteger());
      if (plan.contains(s) && s != Stage.SCENARIOS) event(s, "", ProgressEvent.Kind.STAGE_STARTED, "");
    }
  }

  /**
   * The scenario's environment, built once: by the tools stage when it runs, else for the first
   * per-task stage (neither per-task stage changes what it is built from).
   */
  private static final class Built {
    Environment env;
    /** The verifiers the verifier stage of this run accepted, compiled, by task: the solution stage reuses them. */
    final Map<Integer, TaskVerifiers> verifiers = new ConcurrentHashMap<>();

    Environment of(EnvironmentDefinition d) {
      if (env == null) env = Environment.of(d);
      return env;
    }

    /** Keeps the tools stage's environment; returns its definition. */
    EnvironmentDefinition keep(Environment accepted) {
      env = accepted;
      return accepted.definition();
    }
  }

  /** Runs the plan for {@code d}; returns null when every planned stage is done, else why it stopped. */
  String run(EnvironmentDefinition d, ExecutorService tasks) {
    Built built = new Built();
    Stage current = Stage.TASKS;
    try {
      for (Stage s : plan) {
        if (s == Stage.SCENARIOS) continue;
        current = s;
        d = step(s, d, tasks, built);
      }
      return null;
    } catch (PipelineStoppedException e) {
      throw e;
    } catch (GaveUp e) {
      ctx.summary.reason(d.name() + ": " + e.getMessage());
      ctx.store.report(d.name(), current, null, e.getMessage());
      return e.getMessage();
    } catch (RuntimeException e) {
      LOG.error("scenario {} failed at {}", d.name(), current.key(), e);
      String why = current.key() + " failed: " + e;
      ctx.summary.reason(d.name() + ": " + why);
      ctx.store.report(d.name(), current, null, why);
      return why;
    } finally {
      if (built.env != null) built.env.releaseSpares(); // its connections are native memory, which no GC sees
    }
  }

  private EnvironmentDefinition step(Stage s, EnvironmentDefinition d, ExecutorService tasks, Built built) {
    switch (s) {
      case TASKS:
        return single(s, d, true, null, !d.tasks().isEmpty(),
            x -> with(DefinitionStages.tasks(ctx, x), v -> x.toBuilder().tasks(v).build()), AwmRows::tasksRow);
      case SCHEMA:
        return single(s, d, !d.tasks().isEmpty(), Stage.TASKS, !d.schema().tables().isEmpty(),
            x -> with(DefinitionStages.schema(ctx, x), v -> x.toBuilder().schema(v).build()), AwmRows::dbRow);
      case SAMPLE:
        return single(s, d, !d.schema().tables().isEmpty(), Stage.SCHEMA, !d.sampleData().tables().isEmpty(),
            x -> with(DefinitionStages.sample(ctx, x), v -> x.toBuilder().sampleData(v).build()), AwmRows::sampleRow);
      case SPEC:
        return single(s, d, !d.schema().tables().isEmpty(), Stage.SCHEMA, !d.spec().endpoints().isEmpty(),
            x -> with(InterfaceStages.spec(ctx, x), v -> x.toBuilder().spec(v).build()), AwmRows::specRow);
      case TOOLS:
        return single(s, d, !d.spec().endpoints().isEmpty(), Stage.SPEC, d.toolCode() != null,
            x -> with(InterfaceStages.tools(ctx, x), built::keep), AwmRows::envRow);
      case VERIFIERS:
        require(s, d.toolCode() != null, Stage.TOOLS);
        return perTask(s, d, tasks, built);
      case SOLUTIONS:
        require(s, !d.verifiers().isEmpty(), Stage.VERIFIERS);
        return perTask(s, d, tasks, built);
      default:
        return d;
    }
  }

  /** A stage that writes one row per scenario: skipped when done, else run, written, and counted. */
  private EnvironmentDefinition single(Stage s, EnvironmentDefinition d, boolean ready, Stage needed, boolean done,
      Function<EnvironmentDefinition, StageContext.Attempted<EnvironmentDefinition>> work, Function<EnvironmentDefinition, ObjectNode> row) {
    require(s, ready, needed);
    if (done) return skipped(s, d);
    PipelineSummary.StageCounts c = ctx.summary.stage(s);
    c.in.incrementAndGet();
    try {
      StageContext.Attempted<EnvironmentDefinition> a = work.apply(d);
      ctx.store.append(s.file(), row.apply(a.value()));
      count(c, a);
      event(s, d.name(), ProgressEvent.Kind.DONE, a.attempts() + " attempt(s)");
      return a.value();
    } catch (GaveUp e) {
      c.gaveUp.incrementAndGet();
      event(s, d.name(), ProgressEvent.Kind.GAVE_UP, e.getMessage());
      throw e;
    }
  }

  private static <T> StageContext.Attempted<EnvironmentDefinition> with(StageContext.Attempted<T> a, Function<T, EnvironmentDefinition> apply) {
    return new StageContext.Attempted<>(apply.apply(a.value()), a.attempts());
  }

  /** Verifiers or solutions for every task that lacks one, in parallel; a task that fails is dropped and reported. */
  private EnvironmentDefinition perTask(Stage s, EnvironmentDefinition d, ExecutorService pool, Built built) {
    List<Integer> todo = new ArrayList<>();
    for (int i = 0; i < d.tasks().size(); i++) {
      boolean has = s == Stage.VERIFIERS ? d.verifier(i).isPresent() : d.solution(i).isPresent();
      boolean ready = s == Stage.VERIFIERS || d.verifier(i).isPresent();
      if (!has && ready) todo.add(i);
    }
    if (todo.isEmpty()) return skipped(s, d);
    Environment env = built.of(d);
    String data = s == Stage.SOLUTIONS ? Render.data(env) : "";
    PipelineSummary.StageCounts c = ctx.summary.stage(s);
    List<Future<Object>> futures = new ArrayList<>();
    for (int task : todo) {
      c.in.incrementAndGet();
      futures.add(pool.submit(() -> {
        try {
          if (s == Stage.VERIFIERS) {
            var a = VerificationStages.verifier(ctx, env, task);
            ctx.store.append(s.file(), AwmRows.verifierRow(a.value().withRawResponse(d), a.value().code()));
            built.verifiers.put(task, a.value().compiled());
            count(c, a);
            return a.value().code();
          }
          return crossExamined(d, env, task, built, data, c);
        } catch (GaveUp e) {
          c.gaveUp.incrementAndGet();
          ctx.summary.reason(d.name() + ": task " + task + " dropped: " + e.getMessage());
          ctx.store.report(d.name(), s, task, e.getMessage());
          return null;
        }
      }));
    }
    List<VerifierCode> verifiers = new ArrayList<>(d.verifiers());
    List<ReferenceSolution> solutions = new ArrayList<>(d.solutions());
    List<Challenge> challenges = new ArrayList<>(d.challenges());
    for (Future<Object> f : futures) {
      Object v = join(f);
      if (v instanceof VerifierCode) verifiers.add((VerifierCode) v);
      if (v instanceof CrossExaminationStage.Outcome o) {
        verifiers.removeIf(x -> x.taskIndex() == o.solution().taskIndex());
        verifiers.add(o.verifier());
        solutions.add(o.solution());
        challenges.addAll(o.challenges());
      }
    }
    verifiers.sort(java.util.Comparator.comparingInt(VerifierCode::taskIndex));
    solutions.sort(java.util.Comparator.comparingInt(ReferenceSolution::taskIndex));
    int kept = s == Stage.VERIFIERS ? verifiers.size() : solutions.size();
    event(s, d.name(), kept == 0 ? ProgressEvent.Kind.GAVE_UP : ProgressEvent.Kind.DONE, kept + " of " + d.tasks().size() + " tasks");
    if (kept == 0) throw new GaveUp(s.key() + ": no task could be " + (s == Stage.VERIFIERS ? "verified" : "solved"));
    challenges.sort(java.util.Comparator.comparingInt(Challenge::taskIndex));
    return d.toBuilder().verifiers(verifiers).solutions(solutions).challenges(challenges).build();
  }

  /**
   * Solves task {@code task} and cross-examines its verifier; writes the trust record, any revised
   * verifier, and, when the verifier is trusted (or untrusted tasks are kept), the solution and challenges.
   *
   * @throws GaveUp when the task is dropped
   */
  private CrossExaminationStage.Outcome crossExamined(EnvironmentDefinition d, Environment env, int task, Built built, String data,
      PipelineSummary.StageCounts c) {
    CrossExaminationStage.Outcome o = CrossExaminationStage.run(ctx, env, d.verifier(task).orElseThrow(), built.verifiers.get(task), data);
    if (o.revised()) ctx.store.append(Stage.VERIFIERS.file(), AwmRows.verifierRow(d, o.verifier()));
    boolean keep = o.trusted() || ctx.options.keepUntrusted();
    ctx.store.trust(d.name(), task, o.record(), o.revisions(), keep);
    if (!keep) {
      throw new GaveUp("its verifier failed the cross-examination: " + StageContext.abbreviate(o.record().failures().stream()
          .map(f -> f.kind() + " (" + f.subject() + "): " + f.details()).collect(java.util.stream.Collectors.joining("; ")), 500));
    }
    tools.jackson.databind.node.ObjectNode row = AwmRows.solutionRow(d, o.solution());
    if (!o.trusted()) row.put("trusted", false);
    ctx.store.append(Stage.SOLUTIONS.file(), row);
    for (Challenge ch : o.challenges()) ctx.store.append(dev.awm.core.AwmDirectory.CHALLENGES, AwmRows.challengeRow(d, ch));
    c.out.incrementAndGet();
    if (o.retried()) c.retried.incrementAndGet();
    return o;
  }

  private static void count(PipelineSummary.StageCounts c, StageContext.Attempted<?> a) {
    c.out.incrementAndGet();
    if (a.retried()) c.retried.incrementAndGet();
  }

  private static Object join(Future<Object> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
    }
  }

  private EnvironmentDefinition skipped(Stage s, EnvironmentDefinition d) {
    ctx.summary.stage(s).skipped.incrementAndGet();
    event(s, d.name(), ProgressEvent.Kind.SKIPPED, "already done");
    return d;
  }

  private static void require(Stage s, boolean ok, Stage needed) {
    if (!ok) throw new GaveUp(s.key() + " needs the " + needed.key() + " stage, which is not done for this scenario");
  }

  /** Counts and tells together, so that listeners see each stage's counts in order (1/3 before 2/3). */
  private void event(Stage s, String scenario, ProgressEvent.Kind kind, String message) {
    synchronized (done) {
      int n = kind == ProgressEvent.Kind.STAGE_STARTED ? 0 : done.get(s).incrementAndGet();
      ctx.options.listener().onEvent(new ProgressEvent(s, scenario, kind, message, n, total, ctx.summary.tokens()));
    }
  }
}
