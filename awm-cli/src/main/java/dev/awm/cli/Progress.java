package dev.awm.cli;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Counted progress a person can follow: "[####........] 4/12  0.8/min  ~10m left". The rate is
 * over the time since the counter started; the estimate of the time left assumes it holds.
 */
final class Progress {
  private final int total;
  private final LongSupplier nanos;
  private final long start;

  Progress(int total) {
    this(total, System::nanoTime);
  }

  Progress(int total, LongSupplier nanos) {
    this.total = total;
    this.nanos = nanos;
    this.start = nanos.getAsLong();
  }

  /** The line for {@code done} of the total finished now. */
  String at(int done) {
    return bar(done, total) + " " + done + "/" + total + rateAndEta(done);
  }

  private String rateAndEta(int done) {
    double seconds = (nanos.getAsLong() - start) / 1e9;
    if (done <= 0 || seconds <= 0) return "";
    double perSecond = done / seconds;
    String rate = perSecond >= 1 ? String.format(Locale.ROOT, "%.1f/s", perSecond) : String.format(Locale.ROOT, "%.1f/min", perSecond * 60);
    return "  " + rate + (done >= total ? "" : "  ~" + duration((total - done) / perSecond) + " left");
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) return s + "s";
    if (s < 3600) return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }

  static String bar(int done, int total) {
    int width = 12;
    int filled = total <= 0 ? 0 : Math.min(width, done * width / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }
}
