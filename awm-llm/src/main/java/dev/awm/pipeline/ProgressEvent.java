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
  public enum Kind { STAGE_STARTED, SKIPPED, RETRY, DONE, GAVE_UP }
}
