package dev.awm.verify;

import dev.awm.core.VerifierMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference implementation's verification file, {@code verify.code.json} or
 * {@code verify.sql.json}: {@code scenario, task_id, task, mode, reward_type, verify_result} and,
 * for sql mode, {@code llm_judge {classification, judge_result}}, written from a
 * {@link RewardOutcome}. This project's {@code status} and {@code reward} are added beside them.
 */
final class ReferenceVerifyFile {
  private ReferenceVerifyFile() {}

  /** {@code verify.code.json} or {@code verify.sql.json}. */
  static String name(VerifierMode mode) {
    return "verify." + mode.fileName() + ".json";
  }

  static Map<String, Object> of(RunDirectory.SavedRun run, String task, VerifierMode mode, RewardOutcome o) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", run.scenario());
    out.put("task_id", run.taskId());
    out.put("task", task);
    out.put("mode", mode.fileName());
    boolean verifierFailed = o.status() == RewardStatus.VERIFIER_ERROR || o.status() == RewardStatus.ENVIRONMENT_ERROR && o.judgement() == null;
    boolean notRun = o.status() == RewardStatus.EPISODE_RESET || o.status() == RewardStatus.MODEL_ERROR;
    Map<String, Object> result = new LinkedHashMap<>();
    String rewardType;
    if (notRun) {
      rewardType = o.statusLabel(); // the reference has no such case: the verifier was not run
      result.put("execution_status", "not_run");
      result.put("error_message", o.details());
    } else if (verifierFailed && o.judgement() == null) {
      rewardType = "judge_error";
      result.put("result", "others");
      result.put("execution_status", "error");
      result.put("error_message", o.details());
    } else if (mode == VerifierMode.SQL) {
      rewardType = "incomplete"; // the reference's sql verifier only gathers; the judge decides
      result.putAll(o.evidence());
    } else {
      rewardType = o.isComplete() ? "complete" : "others";
      result.put("result", rewardType);
      result.put("execution_status", "success");
      result.put("raw_result", Map.of("result", rewardType, "details", o.details()));
    }
    out.put("reward_type", rewardType);
    out.put("verify_result", result);
    if (mode == VerifierMode.SQL && !notRun) {
      Map<String, Object> judge = new LinkedHashMap<>();
      if (o.judgement() != null) {
        judge.put("classification", o.judgement().classification());
        judge.put("judge_result", o.judgement().answer().isEmpty() ? Map.of("reasoning", o.judgement().reasoning()) : o.judgement().answer());
      } else {
        judge.put("classification", "judge_error");
        judge.put("judge_result", Map.of("error", o.details()));
      }
      out.put("llm_judge", judge);
    }
    out.put("status", o.statusLabel());
    out.put("reward", o.reward());
    return out;
  }
}
