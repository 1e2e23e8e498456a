package dev.awm.llm;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of one client, updated by every caller. Thread-safe. */
public final class LlmStats {
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();

  /** Totals that start at zero. */
  public LlmStats() {}

  /**
   * A consistent-enough copy of the totals.
   *
   * @param requests HTTP attempts made
   * @param retries attempts that were retries
   * @param failures calls that failed for good
   * @param promptTokens prompt tokens reported by the server
   * @param completionTokens completion tokens reported by the server
   */
  public record Snapshot(long requests, long retries, long failures, long promptTokens, long completionTokens) {
    /** {@return the prompt and completion tokens together} */
    public long totalTokens() {
      return promptTokens + completionTokens;
    }
  }

  /** {@return the counters now} */
  public Snapshot snapshot() {
    return new Snapshot(requests.get(), retries.get(), failures.get(), promptTokens.get(), completionTokens.get());
  }

  void request() { requests.incrementAndGet(); }
  void retry() { retries.incrementAndGet(); }
  void failure() { failures.incrementAndGet(); }

  void usage(Usage u) {
    promptTokens.addAndGet(u.promptTokens());
    completionTokens.addAndGet(u.completionTokens());
  }
}
