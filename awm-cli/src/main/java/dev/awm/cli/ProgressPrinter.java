package dev.awm.cli;

import dev.awm.pipeline.ProgressEvent;
import dev.awm.pipeline.ProgressListener;
import java.io.PrintWriter;

/** Prints the pipeline's progress, one line per finished stage of a scenario, with a bar per stage. */
final class ProgressPrinter implements ProgressListener {
  private final PrintWriter out;

  ProgressPrinter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void onEvent(ProgressEvent e) {
    switch (e.kind()) {
      case STAGE_STARTED -> { }
      case RETRY -> out.printf("  [%-9s] %-22s retry: %s%n", e.stage().key(), e.scenario(), e.message());
      default -> out.printf("  [%-9s] %s %d/%d %-22s %s%s%s%n", e.stage().key(), bar(e.done(), e.total()), e.done(), e.total(),
          e.scenario(), e.kind() == ProgressEvent.Kind.GAVE_UP ? "GAVE UP: " : "", e.message(),
          e.tokens() > 0 ? "  (" + e.tokens() + " tokens so far)" : "");
    }
    out.flush();
  }

  private static String bar(int done, int total) {
    int width = 12;
    int filled = total <= 0 ? 0 : Math.min(width, done * width / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }
}
