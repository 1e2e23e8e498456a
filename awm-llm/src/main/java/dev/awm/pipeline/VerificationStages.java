package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.ToolCall;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.CrossExamination;
import dev.awm.verify.Judge;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.TaskVerifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Stages 7 and 8, per task: a verifier that does not reward doing nothing, and a reference solution
 * whose calls all succeed. Whether the verifier and the solution agree is decided afterwards, by the
 * cross-examination ({@link CrossExaminationStage}). Verifiers are compiled and run as rewards are
 * ({@link TaskVerifiers}), with the run's judge.
 */
final class VerificationStages {
  /**
   * Stands in for a missing judge on the no-op episode: a sql-mode verifier's evidence is still
   * gathered (and a failure to gather it rejected), but nothing is decided complete.
   */
  private static final Judge NO_JUDGE = request -> dev.awm.verify.JudgeVerdict.of("incomplete", "no judge is set");
  /** The bound on the initial rows shown in a verifier prompt. */
  private static final int MAX_TASK_DATA_CHARS = 8000;

  private VerificationStages() {}

  /**
   * A verifier the verifier stage accepted, its compiled form (with the run's judge), and the
   * model's whole answer (its reasoning and success and failure criteria, for the people who review
   * it; empty when the verifier did not come from one answer).
   */
  record Accepted(VerifierCode code, TaskVerifiers compiled, String rawResponse) {
    Accepted(VerifierCode code, TaskVerifiers compiled) {
      this(code, compiled, "");
    }

    /** {@code d} with this verifier's row source carrying the model's answer, so that its row keeps it as {@code raw_response}. */
    EnvironmentDefinition withRawResponse(EnvironmentDefinition d) {
      if (rawResponse.isEmpty()) return d;
      return d.toBuilder().sourceRow(EnvironmentDefinition.taskRowKey(dev.awm.core.AwmDirectory.VERIFIERS, code.taskIndex()),
          Map.of("verification", Map.of("code", code.code(), "raw_response", rawResponse))).build();
    }
  }

  /** The verifier prompt of {@code task}: the task, the schema, the rows it likely touches and the verifier contract alone. */
  static String verifierPrompt(StageContext ctx, Environment env, int task) {
    EnvironmentDefinition d = env.definition();
    VerifierMode mode = ctx.options.verifierMode();
    return Prompts.render("verifier.user.md", Map.of("scenario_name", d.scenario().name(), "task_index", Integer.toString(task),
        "task", d.tasks().get(task), "schema", Render.schema(d), "now", Render.now(d),
        "data", Render.taskData(env, d.tasks().get(task), MAX_TASK_DATA_CHARS),
        "mode_contract", Render.verifierContract(d, mode)));
  }

  static StageContext.Attempted<Accepted> verifier(StageContext ctx, Environment env, int task) {
    return ctx.attempt(Stage.VERIFIERS, env.name(), task, Prompts.load("verifier.system.md"), verifierPrompt(ctx, env, task),
        (reply, last) -> {
          Accepted a = accept(ctx, env, task, ModelJson.object(reply).path("code").asString(""));
          return new Accepted(a.code(), a.compiled(), reply.text());
        });
  }

  /**
   * {@code code} as task {@code task}'s verifier, if it compiles and says not complete for the
   * untouched initial state with an empty answer and with answers that only claim success.
   *
   * @throws StageRejected saying why not
   */
  static Accepted accept(StageContext ctx, Environment env, int task, String code) {
    if (code.isBlank()) throw new StageRejected("\"code\" is missing or empty");
    EnvironmentDefinition d = env.definition();
    VerifierCode v = new VerifierCode(task, d.tasks().get(task), ctx.options.verifierMode(), "java", code);
    TaskVerifiers compiled = compile(ctx, env, v);
    String problem = compiled.problems().get(task);
    if (problem != null) throw new StageRejected(problem);
    TaskVerifiers check = ctx.options.judge() == null ? compiled.withJudge(NO_JUDGE) : compiled;
    List<String> answers = new ArrayList<>(List.of(""));
    answers.addAll(CrossExamination.GENERIC_CLAIMS);
    try (EnvironmentHandle h = env.newHandle()) {
      for (String answer : answers) {
        RewardOutcome noop = orThrow(check.reward(h, task, answer, ""));
        String said = answer.isEmpty() ? "an empty final answer" : "the final answer \"" + answer + "\"";
        if (noop.status() == RewardStatus.COMPLETE) {
          throw new StageRejected("the verifier says complete for the untouched initial state with " + said + " (" + noop.details()
              + "); it must check that the task's effect is there, or that the answer states the right facts");
        }
        if (noop.status() != RewardStatus.INCOMPLETE) throw new StageRejected(noop.details());
      }
    }
    return new Accepted(v, compiled);
  }

  /** {@code v} compiled for {@code env}, with the run's judge if it has one. */
  static TaskVerifiers compile(StageContext ctx, Environment env, VerifierCode v) {
    TaskVerifiers t = TaskVerifiers.compile(env, List.of(v));
    return ctx.options.judge() == null ? t : t.withJudge(ctx.options.judge());
  }

  /**
   * A reference solution for task {@code task} whose calls all succeed; {@code feedback}, when not
   * null, is what the verifier's author said about an earlier one (the solver sees it).
   */
  static StageContext.Attempted<ReferenceSolution> solution(StageContext ctx, Environment env, int task, String data, String feedback) {
    EnvironmentDefinition d = env.definition();
    String user = Prompts.render("solution.user.md", Map.of("scenario_name", d.scenario().name(), "task", d.tasks().get(task),
        "tools", Render.tools(env.tools()), "data", data, "now", Render.now(d)));
    if (feedback != null) user += "\n\nAn earlier solution was judged wrong, for this reason (mind it, but solve the task as its user meant it):\n" + feedback;
    return ctx.attempt(Stage.SOLUTIONS, d.name(), task, Prompts.load("solution.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      List<ToolCall> calls = calls(root.path("calls"));
      List<String> problems = failures(env, calls);
      if (!problems.isEmpty()) throw new StageRejected(problems);
      return new ReferenceSolution(task, calls, root.path("final_answer").asString(""));
    });
  }

  /** The tool calls of a reply's array, or a rejection naming the first malformed one. */
  static List<ToolCall> calls(JsonNode array) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : array) {
      try {
        calls.add(AwmRows.toolCall(c));
      } catch (RuntimeException e) {
        throw new StageRejected("call " + (calls.size() + 1) + " is not {\"name\": ..., \"arguments\": {...}}: " + e.getMessage());
      }
    }
    return calls;
  }

  /** The calls that fail when {@code calls} are played in order on a fresh handle. */
  static List<String> failures(Environment env, List<ToolCall> calls) {
    List<String> problems = new ArrayList<>();
    try (EnvironmentHandle h = env.newHandle()) {
      for (int i = 0; i < calls.size(); i++) {
        ToolResult r = h.callTool(calls.get(i));
        if (r.isError()) problems.add("call " + (i + 1) + " " + calls.get(i).name() + " " + JsonValues.write(calls.get(i).arguments()) + " failed: " + r.message());
      }
    }
    return problems;
  }

  /** {@code o}, unless the environment failed (not the model's doing): that fails the scenario, as it always has. */
  static RewardOutcome orThrow(RewardOutcome o) {
    if (o.status() == RewardStatus.ENVIRONMENT_ERROR) throw new IllegalStateException(o.details());
    return o;
  }
}
