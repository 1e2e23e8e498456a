package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import dev.awm.port.internal.ReferenceServer;
import dev.awm.port.internal.VerifierCheck;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.CrossExamination;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.TaskVerifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/**
 * Ports the code-mode verifiers of one environment, in parallel: each translation is compiled,
 * then judged on episodes (the model's own, and doing nothing with an empty answer and with one that
 * only claims success) side by side with the Python original; disagreements are fed back. Sql-mode
 * verifiers are reported as skipped.
 */
final class PortVerifiers {
  private static final int MAX_DATA_CHARS = 8000;

  private final StageContext ctx;
  private final PythonRuntime python;
  private final ReferenceServer server;
  private final String unchecked;
  private final PortReports reports;

  PortVerifiers(StageContext ctx, PythonRuntime python, ReferenceServer server, String unchecked, PortReports reports) {
    this.ctx = ctx;
    this.python = server == null ? null : python;
    this.server = server;
    this.unchecked = unchecked;
    this.reports = reports;
  }

  /** What a verifier's port produced. */
  record Ported(VerifierCode code, List<VerifierCheck.Comparison> comparisons) {}

  void run(EnvironmentDefinition source, Environment base, Environment ported, List<VerifierCode> todo, ExecutorService pool) {
    String data = Render.data(base, MAX_DATA_CHARS);
    List<Future<?>> futures = new ArrayList<>();
    for (VerifierCode v : todo) {
      String task = Integer.toString(v.taskIndex());
      if (v.mode() != VerifierMode.CODE || !ToolCode.PYTHON.equals(v.language())) {
        reports.add(new PortReport(source.name(), "verifier", task, "skipped", 0, 0, List.of(), v.mode() != VerifierMode.CODE
            ? "a sql-mode verifier (its verdict comes from an LLM judge): only code-mode verifiers are ported" : "not Python"));
        continue;
      }
      futures.add(pool.submit(() -> port(source, base, ported, v, data)));
    }
    PortRun.joinAll(futures);
  }

  private void port(EnvironmentDefinition source, Environment base, Environment ported, VerifierCode v, String data) {
    String name = source.name();
    String task = Integer.toString(v.taskIndex());
    PipelineSummary.StageCounts counts = ctx.summary.stage(Stage.PORT_VERIFIERS);
    counts.in.incrementAndGet();
    try {
      StageContext.Attempted<Ported> a = attempt(source, base, ported, v, data);
      counts.out.incrementAndGet();
      if (a.retried()) counts.retried.incrementAndGet();
      Ported p = a.value();
      EnvironmentDefinition head = EnvironmentDefinition.builder(source.scenario()).tasks(source.tasks()).build();
      ctx.store.append(Stage.PORT_VERIFIERS.file(), AwmRows.verifierRow(head, p.code()));
      List<String> diffs = p.comparisons().stream().filter(c -> !c.matches()).map(VerifierCheck.Comparison::describe).toList();
      String status = unchecked != null ? "unchecked" : diffs.isEmpty() ? "agrees" : "disagrees";
      reports.add(new PortReport(name, "verifier", task, status, a.attempts(), p.comparisons().size(), diffs, unchecked == null ? "" : unchecked));
    } catch (GaveUp e) {
      counts.gaveUp.incrementAndGet();
      reports.add(new PortReport(name, "verifier", task, "failed", ctx.options.retries() + 1, 0, List.of(), e.getMessage()));
    }
  }

  private StageContext.Attempted<Ported> attempt(EnvironmentDefinition source, Environment base, Environment ported, VerifierCode v, String data) {
    String user = Prompts.render("port_verifier.user.md", Map.of("scenario_name", source.scenario().name(), "task_index",
        Integer.toString(v.taskIndex()), "task", v.task(), "contract", Render.verifierContract(source, VerifierMode.CODE),
        "tools", Render.tools(ported.tools()), "schema", Render.schema(source), "data", data, "now", Render.now(source), "python", v.code()));
    List<VerifierCheck.Episode> episodes = java.util.Collections.synchronizedList(new ArrayList<>());
    return ctx.attempt(Stage.PORT_VERIFIERS, Stage.PORT_VERIFIERS.key(), source.name(), v.taskIndex(), Prompts.load("port_verifier.system.md"), user,
        (reply, last) -> {
          JsonNode root = ModelJson.object(reply);
          String code = root.path("code").asString("");
          if (code.isBlank()) throw new StageRejected("\"code\" is missing or empty");
          for (JsonNode e : root.path("episodes")) {
            VerifierCheck.Episode ep = new VerifierCheck.Episode(VerificationStages.calls(e.path("calls")), e.path("final_answer").asString(""),
                e.path("why").asString(""));
            if (!episodes.contains(ep)) episodes.add(ep);
          }
          VerifierCode java = new VerifierCode(v.taskIndex(), v.task(), VerifierMode.CODE, "java", code);
          TaskVerifiers compiled = TaskVerifiers.compile(base, List.of(java));
          String problem = compiled.problems().get(v.taskIndex());
          if (problem != null) throw new StageRejected(problem);
          if (server == null) return new Ported(java, uncheckedRun(compiled, v.taskIndex(), last));
          List<VerifierCheck.Episode> all = new ArrayList<>(episodes);
          all.add(new VerifierCheck.Episode(List.of(), "", "doing nothing"));
          all.add(new VerifierCheck.Episode(List.of(), CrossExamination.GENERIC_CLAIMS.get(0), "doing nothing and claiming success"));
          List<VerifierCheck.Comparison> cs = VerifierCheck.compare(python, server, compiled, v.taskIndex(), v.code(), all, ported, source.simulatedNow());
          List<String> problems = new ArrayList<>();
          for (VerifierCheck.Comparison c : cs) if (!c.matches()) problems.add(c.describe());
          if (!problems.isEmpty()) problems.add(0, problems.size() + " of " + cs.size() + " episodes get another verdict from the port than from the Python original");
          if (cs.stream().noneMatch(c -> c.python().complete())) {
            problems.add("no episode completes the task by the Python verifier's standard: propose one that does, so that both verdicts are compared");
          }
          if (!problems.isEmpty() && !last) throw new StageRejected(problems);
          return new Ported(java, cs);
        });
  }

  /** Without the original: the port must run on the untouched state without a verifier error. */
  private static List<VerifierCheck.Comparison> uncheckedRun(TaskVerifiers compiled, int task, boolean last) {
    try (EnvironmentHandle h = compiled.environment().newHandle()) {
      RewardOutcome o = compiled.reward(h, task, "");
      if (o.status() != RewardStatus.COMPLETE && o.status() != RewardStatus.INCOMPLETE && !last) {
        throw new StageRejected("on the untouched initial state with an empty answer the verifier fails: " + o.details());
      }
    }
    return List.of();
  }
}
