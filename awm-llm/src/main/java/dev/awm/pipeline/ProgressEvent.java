package dev.awm.pipeline;

/**
 * Something that happened in a run, for people watching it.
 *
 * @param stage the stage
 * @param scenario the scenario (normalized), or empty for stage-wide events
 * @param kind what happened
 * @param message details (the error fed back on a retry, the reason on a give-up)
 * @param done scenarios finished with this stage so far (successfully or not)
 * @param total scenarios this stage has to do in this run
 * @param tokens prompt and completion tokens used by the run so far
 */
public record ProgressEvent(Stage stage, String scenario, Kind kind, String message, int done, int total, long tokens) {
  /** Kinds of events. */
  public enum Kind {
    /** The stage started; {@code total} says how many scenarios it has to do. */
    STAGE_STARTED,
    /** The scenario had the stage's output already (an earlier run's), so it was not redone. */
    SKIPPED,
    /** An attempt failed its checks and is retried; {@code message} is the error fed back. */
    RETRY,
    /** The scenario finished the stage. */
    DONE,
    /** The scenario failed the stage after all retries; {@code message} is the reason. */
    GAVE_UP
  }
}
