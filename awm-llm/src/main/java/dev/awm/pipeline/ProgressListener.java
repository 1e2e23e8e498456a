package dev.awm.pipeline;

/**
 * Told about a run's progress (the CLI draws it as progress bars). Called from pipeline worker
 * threads, concurrently: implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = e -> { };

  /**
   * Receives one event.
   *
   * @param event what happened
   */
  void onEvent(ProgressEvent event);
}
