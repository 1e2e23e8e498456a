package dev.awm.verify;

import dev.awm.core.Challenge;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.ToolCall;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cross-examines verifiers before they are trusted as rewards: a verifier is a claim, and each task's
 * is tried on episodes whose right answer is known.
 * <ul>
 *   <li>the reference solution: must be complete, every call succeeding;
 *   <li>the no-op episode (no calls) with plausible final answers: empty, "Done.", a generic claim of
 *       success, and the reference's own final answer when the reference changes the database (when
 *       it changes nothing the task is a question, and its right answer is a right answer): none may
 *       be complete;
 *   <li>each stored challenge ({@link Challenge}): an alternative solution must be complete (every
 *       call succeeding), a near miss or false claim must not.
 * </ul>
 * A verifier error on any episode fails that check. Everything here is offline: it needs the
 * definition's stored solutions and challenges, no model. Thread-safe (each call uses its own handle).
 */
public final class CrossExamination {
  /** Final answers that claim success without saying anything checkable, tried on the no-op episode. */
  public static final List<String> GENERIC_CLAIMS = List.of("Done.", "I have completed the task as you asked; everything is taken care of.");
  private static final int MAX_EVIDENCE = 4000;

  private CrossExamination() {}

  /**
   * The trust record of every task of the environment of {@code verifiers}, from its stored solutions and
   * challenges.
   *
   * @param verifiers the compiled verifiers of an environment
   * @return one trust record per task of the environment, in task order
   */
  public static List<TrustRecord> run(TaskVerifiers verifiers) {
    EnvironmentDefinition d = verifiers.environment().definition();
    List<TrustRecord> out = new ArrayList<>();
    try (EnvironmentHandle h = verifiers.environment().newHandle()) {
      for (int i = 0; i < d.tasks().size(); i++) out.add(examine(verifiers, h, i, d.solution(i).orElse(null), d.challenges(i)));
    }
    return out;
  }

  /**
   * The trust record of task {@code taskIndex}'s verifier.
   *
   * @param handle a handle of the verifiers' environment; it is reset before each episode and after the last
   * @param reference the task's reference solution, or null when it has none (that check then fails)
   * @param challenges the task's challenges
   * @param verifiers the compiled verifiers of the handle's environment
   * @param taskIndex the task's index
   * @return the record of every check that ran on the task
   */
  public static TrustRecord examine(TaskVerifiers verifiers, EnvironmentHandle handle, int taskIndex, ReferenceSolution reference,
      List<Challenge> challenges) {
    Objects.requireNonNull(challenges, "challenges");
    EnvironmentDefinition d = verifiers.environment().definition();
    String task = taskIndex < d.tasks().size() ? d.tasks().get(taskIndex) : "";
    List<TrustRecord.Check> checks = new ArrayList<>();
    boolean referenceChanges = false;
    if (reference == null) {
      checks.add(new TrustRecord.Check(TrustRecord.Check.REFERENCE, "the reference solution", true, null, false, "no reference solution", ""));
    } else {
      checks.add(episode(verifiers, handle, taskIndex, TrustRecord.Check.REFERENCE, "the reference solution", true, true,
          reference.calls(), reference.finalAnswer()));
      referenceChanges = changed(verifiers, handle);
    }
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("an empty final answer", "");
    for (String claim : GENERIC_CLAIMS) answers.put("the final answer \"" + claim + "\"", claim);
    if (referenceChanges && !reference.finalAnswer().isBlank()) answers.put("the reference solution's final answer", reference.finalAnswer());
    for (Map.Entry<String, String> a : answers.entrySet()) {
      checks.add(episode(verifiers, handle, taskIndex, TrustRecord.Check.NO_OP, "no calls and " + a.getKey(), false, false, List.of(), a.getValue()));
    }
    int n = 0;
    for (Challenge c : challenges) {
      n++;
      String kind = c.kind().fileName();
      String subject = kind.replace('_', ' ') + " " + n + (c.why().isBlank() ? "" : " (" + c.why() + ")");
      checks.add(episode(verifiers, handle, taskIndex, kind, subject, c.mustBeComplete(), c.mustBeComplete(), c.calls(), c.finalAnswer()));
    }
    handle.reset();
    return new TrustRecord(taskIndex, task, checks);
  }

  /** Plays one episode on a reset handle and checks what the verifier says. */
  private static TrustRecord.Check episode(TaskVerifiers verifiers, EnvironmentHandle handle, int taskIndex, String kind, String subject,
      boolean mustBeComplete, boolean callsMustSucceed, List<ToolCall> calls, String answer) {
    handle.reset();
    StringBuilder evidence = new StringBuilder();
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      ToolResult r = handle.callTool(call);
      evidence.append(i + 1).append(". ").append(call.name()).append(' ').append(JsonValues.write(call.arguments())).append(" -> ")
          .append(r.isError() ? "ERROR " + r.message() : r.content()).append('\n');
      if (r.isError()) failed.add("call " + (i + 1) + " (" + call.name() + ") failed: " + r.message());
    }
    evidence.append(calls.isEmpty() ? "(no calls)\n" : "").append("final answer: ").append(answer.isEmpty() ? "(empty)" : answer);
    String shown = evidence.length() > MAX_EVIDENCE ? evidence.substring(0, MAX_EVIDENCE - 3) + "..." : evidence.toString();
    RewardOutcome o = verifiers.reward(handle, taskIndex, answer, shown);
    if (callsMustSucceed && !failed.isEmpty()) return new TrustRecord.Check(kind, subject, mustBeComplete, o, false, String.join("; ", failed), shown);
    boolean decided = o.status() == RewardStatus.COMPLETE || o.status() == RewardStatus.INCOMPLETE;
    boolean passed = decided && o.isComplete() == mustBeComplete;
    String details = decided ? o.details() : "the verifier did not decide: " + o.statusLabel() + " " + o.details();
    return new TrustRecord.Check(kind, subject, mustBeComplete, o, passed, details, shown);
  }

  /** Whether {@code handle}'s database differs from the environment's initial one. */
  private static boolean changed(TaskVerifiers verifiers, EnvironmentHandle handle) {
    try (DatabaseView initial = verifiers.environment().openInitialDatabase()) {
      return !DatabaseContent.of(initial).equals(DatabaseContent.of(handle.view()));
    }
  }
}
