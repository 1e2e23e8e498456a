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
import dev.awm.runtime.SandboxException;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.CodeVerifier;
import dev.awm.verify.JudgeRequest;
import dev.awm.verify.SqlVerifier;
import dev.awm.verify.VerifierException;
import dev.awm.verify.api.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Stages 7 and 8, per task: a verifier that does not reward doing nothing, and a reference solution it rewards. */
final class VerificationStages {
  private VerificationStages() {}

  static StageContext.Attempted<VerifierCode> verifier(StageContext ctx, Environment env, int task) {
    EnvironmentDefinition d = env.definition();
    VerifierMode mode = ctx.options.verifierMode();
    String user = Prompts.render("verifier.user.md", Map.of("scenario_name", d.scenario().name(), "task_index", Integer.toString(task),
        "task", d.tasks().get(task), "schema", Render.schema(d), "contract", Prompts.load("contract.md"),
        "mode_contract", Prompts.load(mode == VerifierMode.CODE ? "verifier.code.md" : "verifier.sql.md")));
    return ctx.attempt(Stage.VERIFIERS, d.name(), task, Prompts.load("verifier.system.md"), user, (reply, last) -> {
      String code = ModelJson.object(reply).path("code").asString("");
      if (code.isBlank()) throw new StageRejected("\"code\" is missing or empty");
      VerifierCode v = new VerifierCode(task, d.tasks().get(task), mode, "java", code);
      Verdict noop = judgeNoop(ctx, env, v);
      if (noop != null && noop.isComplete()) {
        throw new StageRejected("the verifier says complete for the untouched initial state with an empty final answer ("
            + noop.details() + "); it must check that the task's effect is there (or that the answer is right)");
      }
      return v;
    });
  }

  /** Compiles {@code v} and runs it on the no-op episode; null for sql mode without a judge. */
  private static Verdict judgeNoop(StageContext ctx, Environment env, VerifierCode v) {
    try (EnvironmentHandle h = env.newHandle()) {
      if (v.mode() == VerifierMode.CODE) {
        CodeVerifier code = CodeVerifier.compile(env.name(), v);
        return h.inspect("verifier of task " + v.taskIndex(), (initial, current) -> code.run(initial, current, ""));
      }
      SqlVerifier sql = SqlVerifier.compile(env.name(), v);
      Map<String, Object> evidence = h.inspect("evidence gathering of task " + v.taskIndex(), sql::gather);
      if (ctx.options.judge() == null) return null;
      try {
        return ctx.options.judge().judge(new JudgeRequest(env.name(), v.taskIndex(), v.task(), evidence, "", ""));
      } catch (Exception e) {
        throw new StageRejected("the judge failed on the no-op episode: " + e.getMessage());
      }
    } catch (EnvironmentBuildException | VerifierException | SandboxException e) {
      throw new StageRejected(e.getMessage());
    }
  }

  static StageContext.Attempted<ReferenceSolution> solution(StageContext ctx, Environment env, VerifierCode verifier, String data) {
    EnvironmentDefinition d = env.definition();
    int task = verifier.taskIndex();
    String user = Prompts.render("solution.user.md", Map.of("scenario_name", d.scenario().name(), "task", d.tasks().get(task),
        "tools", Render.tools(env.tools()), "data", data));
    CodeVerifier code;
    SqlVerifier sql;
    try {
      code = verifier.mode() == VerifierMode.CODE ? CodeVerifier.compile(env.name(), verifier) : null;
      sql = code == null ? SqlVerifier.compile(env.name(), verifier) : null;
    } catch (EnvironmentBuildException e) {
      throw new GaveUp(e.getMessage()); // a verifier read from the output directory: the task is dropped
    }
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
        if (problems.isEmpty()) {
          Verdict v = code != null
              ? h.inspect("verifier of task " + task, (initial, current) -> code.run(initial, current, answer))
              : judge(ctx, env, sql, h, task, answer, trajectory.toString());
          if (v != null && !v.isComplete()) {
            problems.add("after these calls the verifier says the task is not done: " + v.details()
                + "\nwhat the calls returned:\n" + StageContext.abbreviate(trajectory.toString(), 3000));
          }
        }
      } catch (VerifierException | SandboxException e) {
        problems.add("the verifier failed on this solution: " + e.getMessage());
      }
      if (!problems.isEmpty()) throw new StageRejected(problems);
      return new ReferenceSolution(task, calls, answer);
    });
  }

  private static Verdict judge(StageContext ctx, Environment env, SqlVerifier sql, EnvironmentHandle h, int task, String answer,
      String trajectory) {
    if (ctx.options.judge() == null) return null;
    Map<String, Object> evidence = h.inspect("evidence gathering of task " + task, sql::gather);
    try {
      return ctx.options.judge().judge(new JudgeRequest(env.name(), task, env.definition().tasks().get(task), evidence, trajectory, answer));
    } catch (Exception e) {
      throw new StageRejected("the judge failed: " + e.getMessage());
    }
  }
}
