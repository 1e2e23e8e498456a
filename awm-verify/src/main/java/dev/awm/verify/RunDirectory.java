package dev.awm.verify;

import dev.awm.core.internal.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A saved agent run, as the reference implementation saves one: a directory with
 * {@code trajectory.json} (scenario, task_id, task, messages, the tool calls and results...),
 * {@code initial.db} and {@code final.db}. {@link #verify} scores it and writes
 * {@code verify_result.json} beside them.
 */
public final class RunDirectory {
  /** The file of the run's trajectory: the conversation, the tool calls and what they returned. */
  public static final String TRAJECTORY = "trajectory.json";
  /** The file of the database image as the episode began. */
  public static final String INITIAL_DB = "initial.db";
  /** The file of the database image as the episode ended. */
  public static final String FINAL_DB = "final.db";
  /** The file {@link #verify} writes: scenario, task_id, status, result, reward and details. */
  public static final String RESULT = "verify_result.json";

  private RunDirectory() {}

  /**
   * One saved run.
   *
   * @param trajectory the whole {@code trajectory.json} as plain JSON values; it holds at least
   *     {@code scenario}, {@code task_id} and {@code task}
   * @param initialDb the initial database image
   * @param finalDb the final database image
   */
  public record SavedRun(Map<String, Object> trajectory, byte[] initialDb, byte[] finalDb) {
    /**
     * Checks the components.
     *
     * @param trajectory the trajectory, copied as immutable plain JSON values
     * @param initialDb the initial database image; not null
     * @param finalDb the final database image; not null
     * @throws NullPointerException if a database image is null
     */
    public SavedRun {
      trajectory = JsonValues.immutableCopy(trajectory);
      Objects.requireNonNull(initialDb, "initialDb");
      Objects.requireNonNull(finalDb, "finalDb");
    }

    /** {@return the trajectory's {@code scenario}, or an empty string when it has none} */
    public String scenario() {
      return String.valueOf(trajectory.getOrDefault("scenario", ""));
    }

    /** {@return the trajectory's {@code task_id}, or -1 when it is not a number} */
    public int taskId() {
      Object t = trajectory.get("task_id");
      return t instanceof Number ? ((Number) t).intValue() : -1;
    }

    /**
     * {@code final_answer}, or else the content of the last assistant message (as the reference reads it).
     *
     * @return the agent's final answer; empty if there is none
     */
    @SuppressWarnings("unchecked")
    public String finalAnswer() {
      Object f = trajectory.get("final_answer");
      if (f instanceof String) return (String) f;
      Object messages = trajectory.get("messages");
      if (messages instanceof List) {
        List<Object> ms = (List<Object>) messages;
        for (int i = ms.size() - 1; i >= 0; i--) {
          Map<String, Object> m = (Map<String, Object>) ms.get(i);
          if ("assistant".equals(m.get("role")) && m.get("content") instanceof String) return (String) m.get("content");
        }
      }
      return "";
    }
  }

  /**
   * Writes {@code run} into {@code dir} (created if needed).
   *
   * @param dir the run's directory
   * @param run the run
   * @throws IOException if a file cannot be written
   */
  public static void write(Path dir, SavedRun run) throws IOException {
    writeTrajectory(dir, run.trajectory());
    Files.write(dir.resolve(INITIAL_DB), run.initialDb());
    Files.write(dir.resolve(FINAL_DB), run.finalDb());
  }

  /**
   * Writes only {@code trajectory.json} (pretty-printed, as {@link #write} does) into {@code dir}
   * (created if needed); for a run whose databases are elsewhere, such as on a remote server.
   *
   * @param dir the run's directory
   * @param trajectory the trajectory as plain JSON values
   * @throws IOException if the file cannot be written
   */
  public static void writeTrajectory(Path dir, Map<String, Object> trajectory) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(TRAJECTORY), JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(trajectory));
  }

  /**
   * Reads the run in {@code dir}.
   *
   * @param dir the run's directory
   * @return the run
   * @throws IOException naming the missing or unreadable file
   */
  @SuppressWarnings("unchecked")
  public static SavedRun read(Path dir) throws IOException {
    for (String f : List.of(TRAJECTORY, INITIAL_DB, FINAL_DB)) {
      if (!Files.isRegularFile(dir.resolve(f))) throw new IOException(f + " not found in " + dir);
    }
    Object t;
    try {
      t = JsonValues.parse(Files.readString(dir.resolve(TRAJECTORY)));
    } catch (RuntimeException e) {
      throw new IOException(dir.resolve(TRAJECTORY) + " is not valid JSON: " + e.getMessage(), e);
    }
    if (!(t instanceof Map) || !((Map<String, Object>) t).containsKey("scenario") || !((Map<String, Object>) t).containsKey("task_id")) {
      throw new IOException(dir.resolve(TRAJECTORY) + " must be an object with 'scenario' and 'task_id'");
    }
    return new SavedRun((Map<String, Object>) t, Files.readAllBytes(dir.resolve(INITIAL_DB)), Files.readAllBytes(dir.resolve(FINAL_DB)));
  }

  /**
   * Verifies the run in {@code dir} with {@code verifiers} (code mode, or sql mode with their judge)
   * and writes {@code verify_result.json} beside it, and the reference's {@code verify.code.json} or
   * {@code verify.sql.json} (with the judge's class, confidence and evidence). The verifier runs in the sandbox, under the
   * environment's verifier limits, on a handle opened from {@code final.db}, against the run's
   * {@code initial.db} (when that is not the environment's initial image, it gets a connection of
   * its own).
   *
   * @param dir the run's directory
   * @param verifiers the compiled verifiers of the run's environment
   * @return the outcome, also written to {@code verify_result.json}
   * @throws IOException if the run cannot be read
   * @throws IllegalArgumentException if the run is of another scenario than the verifiers
   */
  public static RewardOutcome verify(Path dir, TaskVerifiers verifiers) throws IOException {
    return verify(dir, read(dir), verifiers);
  }

  /**
   * {@link #verify(Path, TaskVerifiers)} of {@code run}, the run in {@code dir} already read (or
   * just written) by the caller; writes {@code verify_result.json} into {@code dir}.
   *
   * @param dir the directory to write the results into
   * @param run the run
   * @param verifiers the compiled verifiers of the run's environment
   * @return the outcome, also written to {@code verify_result.json}
   * @throws IOException if the result cannot be written
   * @throws IllegalArgumentException if the run is of another scenario than the verifiers, or of a
   *     task the environment does not have
   */
  public static RewardOutcome verify(Path dir, SavedRun run, TaskVerifiers verifiers) throws IOException {
    String expected = verifiers.environment().name();
    if (!dev.awm.core.internal.ScenarioNames.normalize(run.scenario()).equals(expected)) {
      throw new IllegalArgumentException("the run in " + dir + " is of scenario '" + run.scenario() + "', the verifiers of '" + expected + "'");
    }
    verifiers.requireTask(run.taskId()); // a task the environment does not have is the caller's mistake
    RewardOutcome outcome;
    String trajectory = JsonValues.write(run.trajectory().getOrDefault("trajectory", List.of()));
    String lost = lostEpisode(run.trajectory());
    if (lost != null) {
      outcome = verifiers.outcome(run.taskId(), RewardStatus.EPISODE_RESET, lost);
    } else if ("model_error".equals(run.trajectory().get("stop_reason"))) {
      Object why = run.trajectory().get("error");
      outcome = verifiers.outcome(run.taskId(), RewardStatus.MODEL_ERROR, "the agent's model failed" + (why == null ? "" : ": " + why));
    } else try {
      boolean ownInitial = java.util.Arrays.equals(run.initialDb(), verifiers.environment().initialImage());
      try (dev.awm.runtime.EnvironmentHandle h = verifiers.environment().openHandle(run.finalDb())) {
        outcome = verifiers.reward(h, ownInitial ? null : run.initialDb(), run.taskId(), run.finalAnswer(), trajectory);
      }
    } catch (IllegalArgumentException e) { // a database this environment cannot open
      outcome = verifiers.outcome(run.taskId(), RewardStatus.ENVIRONMENT_ERROR, e.getMessage());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("scenario", run.scenario());
    result.put("task_id", run.taskId());
    result.put("status", outcome.statusLabel());
    result.put("result", outcome.isComplete() ? "complete" : "others");
    result.put("reward", outcome.reward());
    result.put("details", outcome.details());
    Files.writeString(dir.resolve(RESULT), JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    dev.awm.core.VerifierMode mode = verifiers.mode(run.taskId()).orElse(dev.awm.core.VerifierMode.CODE);
    String task = run.trajectory().get("task") instanceof String t ? t : taskText(verifiers, run.taskId());
    Files.writeString(dir.resolve(ReferenceVerifyFile.name(mode)),
        JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(ReferenceVerifyFile.of(run, task, mode, outcome)));
    return outcome;
  }

  private static String taskText(TaskVerifiers verifiers, int task) {
    java.util.List<String> tasks = verifiers.environment().definition().tasks();
    return task >= 0 && task < tasks.size() ? tasks.get(task) : "";
  }

  /**
   * Why SQLite rolled back the saved run's episode, or null: a step of kind {@code episode_reset}
   * (as the agent's trajectory records it), or the trajectory's {@code episode_lost}.
   */
  static String lostEpisode(Map<String, Object> trajectory) {
    Object lost = trajectory.get("episode_lost");
    if (lost instanceof String && !((String) lost).isEmpty()) return (String) lost;
    if (!(trajectory.get("trajectory") instanceof List)) return null;
    for (Object step : (List<?>) trajectory.get("trajectory")) {
      if (step instanceof Map<?, ?> m && "episode_reset".equals(m.get("kind"))) {
        // the reference's shape ({tool_call_id, content}) or this project's earlier one (the text)
        Object response = m.get("tool_response") instanceof Map<?, ?> r ? r.get("content") : m.get("tool_response");
        return "SQLite rolled back the run's episode at iteration " + m.get("iteration") + ": " + response;
      }
    }
    return null;
  }
}
