package dev.awm.pipeline;

import dev.awm.core.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.JsonValues;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.ToolCall;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.llm.ModelJson;
import dev.awm.llm.Prompts;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.Judge;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.TaskVerifiers;
import dev.awm.verify.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Stages 7 and 8, per task: a verifier that does not reward doing nothing, and a reference solution
 * it rewards. Verifiers are compiled and run as rewards are ({@link TaskVerifiers}), with the run's judge.
 */
final class VerificationStages {
  /**
   * Stands in for a missing judge on the no-op episode: a sql-mode verifier's evidence is still
   * gathered (and a failure to gather it rejected), but nothing is decided complete.
   */
  private static final Judge NO_JUDGE = request -> Verdict.others("no judge is set");

  private VerificationStages() {}

  /** A verifier the verifier stage accepted, and its compiled form (with the run's judge). */
  record Accepted(VerifierCode code, TaskVerifiers compiled) {}

  static StageContext.Attempted<Accepted> verifier(StageContext ctx, Environment env, int task) {
    EnvironmentDefinition d = env.definition();
    VerifierMode mode = ctx.options.verifierMode();
    String user = Prompts.render("verifier.user.md", Map.of("scenario_name", d.scenario().name(), "task_index", Integer.toString(task),
        "task", d.tasks().get(task), "schema", Render.schema(d), "contract", Prompts.load("contract.md"),
        "mode_contract", Prompts.load(mode == VerifierMode.CODE ? "verifier.code.md" : "verifier.sql.md")));
    return ctx.attempt(Stage.VERIFIERS, d.name(), task, Prompts.load("verifier.system.md"), user, (reply, last) -> {
      String code = ModelJson.object(reply).path("code").asString("");
      if (code.isBlank()) throw new StageRejected("\"code\" is missing or empty");
      VerifierCode v = new VerifierCode(task, d.tasks().get(task), mode, "java", code);
      TaskVerifiers compiled = compile(ctx, env, v);
      String problem = compiled.problems().get(task);
      if (problem != null) throw new StageRejected(problem);
      RewardOutcome noop = noop(ctx, compiled, task);
      if (noop.status() == RewardStatus.COMPLETE) {
        throw new StageRejected("the verifier says complete for the untouched initial state with an empty final answer ("
            + noop.details() + "); it must check that the task's effect is there (or that the answer is right)");
      }
      if (noop.status() != RewardStatus.INCOMPLETE) throw new StageRejected(noop.details());
      return new Accepted(v, compiled);
    });
  }

  /** {@code v} compiled for {@code env}, with the run's judge if it has one. */
  private static TaskVerifiers compile(StageContext ctx, Environment env, VerifierCode v) {
    TaskVerifiers t = TaskVerifiers.compile(env, List.of(v));
    return ctx.options.judge() == null ? t : t.withJudge(ctx.options.judge());
  }

  /** The verifier's outcome on the no-op episode: a fresh handle and an empty final answer. */
  private static RewardOutcome noop(StageContext ctx, TaskVerifiers compiled, int task) {
    TaskVerifiers check = ctx.options.judge() == null ? compiled.withJudge(NO_JUDGE) : compiled;
    try (EnvironmentHandle h = compiled.environment().newHandle()) {
      return orThrow(check.reward(h, task, "", ""));
    }
  }

  /**
   * A reference solution for {@code verifier}'s task that its verifier rewards.
   *
   * @param compiled the verifier as the verifier stage of this run compiled it, or null (read from
   *     the output directory): then it is compiled here, and if it does not compile the task is dropped
   */
  static StageContext.Attempted<ReferenceSolution> solution(StageContext ctx, Environment env, VerifierCode verifier,
      TaskVerifiers compiled, String data) {
    EnvironmentDefinition d = env.definition();
    int task = verifier.taskIndex();
    String user = Prompts.render("solution.user.md", Map.of("scenario_name", d.scenario().name(), "task", d.tasks().get(task),
        "tools", Render.tools(env.tools()), "data", data));
    TaskVerifiers verifiers = compiled != null ? compiled : compile(ctx, env, verifier);
    String problem = verifiers.problems().get(task);
    if (problem != null) throw new GaveUp(problem); // a verifier read from the output directory: the task is dropped
    // a sql-mode verifier without a judge cannot decide: the solution is only checked to run
    boolean decides = verifier.mode() == VerifierMode.CODE || ctx.options.judge() != null;
    return ctx.attempt(Stage.SOLUTIONS, d.name(), task, Prompts.load("solution.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      List<ToolCall> calls = new ArrayList<>();
      for (JsonNode c : root.path("calls")) {
        try {
          calls.add(AwmRows.toolCall(c));
        } catch (RuntimeException e) {
          throw new StageRejected("call " + (calls.size() + 1) + " is not {\"name\": ..., \"arguments\": {...}}: " + e.getMessage());
        }
      }
      String answer = root.path("final_answer").asString("");
      List<String> problems = new ArrayList<>();
      try (EnvironmentHandle h = env.newHandle()) {
        StringBuilder trajectory = new StringBuilder();
        for (int i = 0; i < calls.size(); i++) {
          ToolResult r = h.callTool(calls.get(i));
          trajectory.append(calls.get(i).name()).append(' ').append(JsonValues.write(calls.get(i).arguments())).append(" -> ")
              .append(r.content()).append('\n');
          if (r.isError()) problems.add("call " + (i + 1) + " " + calls.get(i).name() + " " + JsonValues.write(calls.get(i).arguments()) + " failed: " + r.message());
        }
        if (problems.isEmpty() && decides) {
          RewardOutcome o = orThrow(verifiers.reward(h, task, answer, trajectory.toString()));
          if (o.status() == RewardStatus.INCOMPLETE) {
            problems.add("after these calls the verifier says the task is not done: " + o.details()
                + "\nwhat the calls returned:\n" + StageContext.abbreviate(trajectory.toString(), 3000));
          } else if (o.status() != RewardStatus.COMPLETE) {
            problems.add("the verifier failed on this solution: " + o.details());
          }
        }
      }
      if (!problems.isEmpty()) throw new StageRejected(problems);
      return new ReferenceSolution(task, calls, answer);
    });
  }

  /** {@code o}, unless the environment failed (not the model's doing): that fails the scenario, as it always has. */
  private static RewardOutcome orThrow(RewardOutcome o) {
    if (o.status() == RewardStatus.ENVIRONMENT_ERROR) throw new IllegalStateException(o.details());
    return o;
  }
}
