package dev.awm.cli;

import dev.awm.pipeline.ProgressEvent;
import dev.awm.pipeline.ProgressListener;
import dev.awm.pipeline.Stage;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;

/**
 * Prints the pipeline's progress, one line per finished stage of a scenario, with a bar, the rate
 * and an estimate of the time left per stage (counted from the stage's start).
 */
final class ProgressPrinter implements ProgressListener {
  private final PrintWriter out;
  private final Map<Stage, Progress> stages = new EnumMap<>(Stage.class);

  ProgressPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void onEvent(ProgressEvent e) {
    switch (e.kind()) {
      case STAGE_STARTED -> stages.put(e.stage(), new Progress(e.total()));
      case RETRY -> out.printf("  [%-9s] %-22s retry: %s%n", e.stage().key(), e.scenario(), e.message());
      default -> out.printf("  [%-9s] %s  %-22s %s%s%s%n", e.stage().key(),
          stages.computeIfAbsent(e.stage(), k -> new Progress(e.total())).at(e.done()), e.scenario(),
          e.kind() == ProgressEvent.Kind.GAVE_UP ? "GAVE UP: " : "", e.message(),
          e.tokens() > 0 ? "  (" + e.tokens() + " tokens so far)" : "");
    }
    out.flush();
  }
}
