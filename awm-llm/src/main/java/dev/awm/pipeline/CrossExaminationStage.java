package dev.awm.pipeline;

import dev.awm.core.Challenge;
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
import dev.awm.verify.CrossExamination;
import dev.awm.verify.TaskVerifiers;
import dev.awm.verify.TrustRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Stage 8 in full, per task: a reference solution, then the cross-examination of the verifier. The
 * model writes an alternative solution, near misses and a false claim ({@code "challenges"}); the
 * offline {@link CrossExamination} tries the verifier on all of them and on the no-op episode with
 * plausible answers. When the verifier and an episode disagree, the verifier's author decides who is
 * wrong ({@code "verifier_revision"}): it revises the verifier, or says why the episode is wrong, and
 * then that episode's writer tries again with the reason. At most {@value #MAX_ROUNDS} rounds.
 */
final class CrossExaminationStage {
  static final String CHALLENGES = "challenges";
  static final String REVISION = "verifier_revision";
  private static final int MAX_ROUNDS = 3;
  private static final int MAX_EVIDENCE = 2500;

  private CrossExaminationStage() {}

  /**
   * What the stage ended with for one task.
   *
   * @param verifier the verifier it ended with
   * @param revised whether that is a revision of the stored one
   * @param solution the reference solution
   * @param challenges the challenges it was tried on
   * @param record the last cross-examination (null when a sql-mode verifier without a judge cannot decide)
   * @param revisions how many times the verifier was revised
   * @param retried whether any request of the task's stage took more than one attempt, or a round was repeated
   */
  record Outcome(VerifierCode verifier, boolean revised, ReferenceSolution solution, List<Challenge> challenges, TrustRecord record,
      int revisions, boolean retried) {
    boolean trusted() {
      return record == null || record.trusted();
    }
  }

  /**
   * Solves and cross-examines task {@code verifier.taskIndex()}.
   *
   * @param compiled the verifier as this run's verifier stage compiled it, or null (read from the
   *     output directory): then it is compiled here, and if it does not compile the task is dropped
   */
  static Outcome run(StageContext ctx, Environment env, VerifierCode verifier, TaskVerifiers compiled, String data) {
    int task = verifier.taskIndex();
    TaskVerifiers verifiers = compiled != null ? compiled : VerificationStages.compile(ctx, env, verifier);
    String problem = verifiers.problems().get(task);
    if (problem != null) throw new GaveUp(problem); // a verifier read from the output directory: the task is dropped
    var first = VerificationStages.solution(ctx, env, task, data, null);
    ReferenceSolution solution = first.value();
    boolean retried = first.retried();
    // a sql-mode verifier without a judge cannot decide: the solution is only checked to run
    if (verifier.mode() == VerifierMode.SQL && ctx.options.judge() == null) return new Outcome(verifier, false, solution, List.of(), null, 0, retried);
    List<Challenge> challenges = challenges(ctx, env, task, solution, data, null);
    VerificationStages.Accepted current = new VerificationStages.Accepted(verifier, verifiers);
    int revisions = 0;
    TrustRecord record;
    try (EnvironmentHandle h = env.newHandle()) {
      for (int round = 1; ; round++) {
        record = CrossExamination.examine(current.compiled(), h, task, solution, challenges);
        if (record.passed() || round == MAX_ROUNDS) break;
        retried = true;
        Revision r = revise(ctx, env, task, current, record.failures());
        if (r.revised() != null) {
          current = r.revised();
          revisions++;
          continue;
        }
        String defense = "the verifier's author: " + r.reason();
        boolean replaced = false;
        if (failed(record, TrustRecord.Check.REFERENCE)) {
          solution = VerificationStages.solution(ctx, env, task, data, defense).value();
          replaced = true;
        }
        if (failed(record, TrustRecord.Check.ALTERNATIVE) || failed(record, TrustRecord.Check.NEAR_MISS) || failed(record, TrustRecord.Check.FALSE_CLAIM)) {
          challenges = challenges(ctx, env, task, solution, data, defense);
          replaced = true;
        }
        if (!replaced) break; // it defends rewarding the no-op: nothing to try again, the task is not trusted
      }
    }
    return new Outcome(current.code(), revisions > 0, solution, challenges, record, revisions, retried);
  }

  private static boolean failed(TrustRecord r, String kind) {
    return r.failures().stream().anyMatch(c -> c.kind().equals(kind));
  }

  /** The model's alternative solution, near misses and false claim for {@code task}; the alternative's calls must all succeed. */
  static List<Challenge> challenges(StageContext ctx, Environment env, int task, ReferenceSolution reference, String data, String feedback) {
    EnvironmentDefinition d = env.definition();
    String user = Prompts.render("challenges.user.md", Map.of("scenario_name", d.scenario().name(), "task", d.tasks().get(task),
        "tools", Render.tools(env.tools()), "data", data, "now", Render.now(d), "reference", describe(reference)));
    if (feedback != null) user += "\n\nEarlier episodes were judged wrong, for this reason (mind it, but judge by the task as its user meant it):\n" + feedback;
    return ctx.attempt(Stage.SOLUTIONS, CHALLENGES, d.name(), task, Prompts.load("challenges.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      List<Challenge> out = new ArrayList<>();
      List<JsonNode> alternatives = new ArrayList<>();
      root.path("alternatives").forEach(alternatives::add);
      if (root.path("alternative").isObject()) alternatives.add(root.path("alternative"));
      if (alternatives.isEmpty()) throw new StageRejected("\"alternatives\" is missing or empty: objects with \"calls\", \"final_answer\" and \"why\"");
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < alternatives.size(); i++) {
        JsonNode alt = alternatives.get(i);
        List<ToolCall> calls = VerificationStages.calls(alt.path("calls"));
        for (String p : VerificationStages.failures(env, calls)) problems.add("alternative " + (i + 1) + ": " + p);
        out.add(new Challenge(task, Challenge.Kind.ALTERNATIVE, calls, alt.path("final_answer").asString(""), alt.path("why").asString("")));
      }
      if (!problems.isEmpty()) throw new StageRejected(problems);
      int alternativeCount = out.size();
      for (JsonNode n : root.path("near_misses")) {
        out.add(new Challenge(task, Challenge.Kind.NEAR_MISS, VerificationStages.calls(n.path("calls")), n.path("final_answer").asString(""),
            n.path("why").asString("")));
      }
      if (out.size() == alternativeCount) throw new StageRejected("\"near_misses\" is missing or empty: write two to four plausible mistakes");
      String claim = root.path("false_claim").asString("");
      if (claim.isBlank()) throw new StageRejected("\"false_claim\" is missing or empty");
      out.add(new Challenge(task, Challenge.Kind.FALSE_CLAIM, List.of(), claim, "a confident claim without any call"));
      return out;
    }).value();
  }

  /** A revised verifier, or the author's reason for keeping it. */
  private record Revision(VerificationStages.Accepted revised, String reason) {}

  private static Revision revise(StageContext ctx, Environment env, int task, VerificationStages.Accepted current, List<TrustRecord.Check> failures) {
    EnvironmentDefinition d = env.definition();
    StringBuilder disputes = new StringBuilder();
    int n = 0;
    for (TrustRecord.Check c : failures) {
      disputes.append("Episode ").append(++n).append(": ").append(c.subject()).append(".\n")
          .append(c.mustBeComplete() ? "It is meant to complete the task" : "It is meant NOT to complete the task")
          .append("; your verifier said ").append(c.outcome() == null ? "nothing" : c.outcome().statusLabel()).append(": ")
          .append(StageContext.abbreviate(c.details(), 400)).append('\n')
          .append(StageContext.abbreviate(c.evidence(), MAX_EVIDENCE)).append("\n\n");
    }
    String user = VerificationStages.verifierPrompt(ctx, env, task) + "\n\n" + Prompts.render("verifier.revise.md", Map.of(
        "task_index", Integer.toString(task), "task", d.tasks().get(task), "now", Render.now(d), "code", current.code().code(),
        "disputes", disputes.toString().strip()));
    return ctx.attempt(Stage.VERIFIERS, REVISION, d.name(), task, Prompts.load("verifier.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      String reason = root.path("reason").asString("");
      if (root.path("verifier_correct").asBoolean(false)) {
        if (reason.isBlank()) throw new StageRejected("\"reason\" is missing: say why each episode is wrong");
        return new Revision(null, reason);
      }
      return new Revision(VerificationStages.accept(ctx, env, task, root.path("code").asString("")), reason);
    }).value();
  }

  private static String describe(ReferenceSolution s) {
    StringBuilder b = new StringBuilder();
    for (ToolCall c : s.calls()) b.append("- ").append(c.name()).append(' ').append(JsonValues.write(c.arguments())).append('\n');
    return b.append("final answer: ").append(s.finalAnswer().isEmpty() ? "(none)" : s.finalAnswer()).toString();
  }
}
