package dev.awm.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a run did: per stage, scenarios in, out, retried, given up and skipped (already done);
 * tokens used; the reasons for give-ups and dropped tasks. Filled in concurrently by the run;
 * read it when {@link Pipeline#run()} has returned.
 */
public final class PipelineSummary {
  /** Counters of one stage. */
  public static final class StageCounts {
    final AtomicLong in = new AtomicLong(), out = new AtomicLong(), retried = new AtomicLong(), gaveUp = new AtomicLong(),
        skipped = new AtomicLong();

    /** Counters that start at zero. */
    public StageCounts() {}

    /**
     * Scenarios (or tasks) that entered the stage in this run.
     *
     * @return the number of scenarios (or tasks) that entered the stage
     */
    public long in() { return in.get(); }
    /**
     * That came out of it.
     *
     * @return the number that came out of the stage
     */
    public long out() { return out.get(); }
    /**
     * That needed at least one retry.
     *
     * @return the number that needed at least one retry
     */
    public long retried() { return retried.get(); }
    /**
     * That failed after all retries.
     *
     * @return the number that failed after all retries
     */
    public long gaveUp() { return gaveUp.get(); }
    /**
     * Already done by an earlier run (resumed).
     *
     * @return the number already done by an earlier run
     */
    public long skipped() { return skipped.get(); }

    @Override
    public String toString() {
      return "in=" + in() + " out=" + out() + " retried=" + retried() + " gave_up=" + gaveUp() + " skipped=" + skipped();
    }
  }

  private final Map<Stage, StageCounts> stages = new EnumMap<>(Stage.class);
  private final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
  final AtomicLong promptTokens = new AtomicLong();
  final AtomicLong completionTokens = new AtomicLong();
  final AtomicLong modelCalls = new AtomicLong();
  final AtomicLong replays = new AtomicLong();

  PipelineSummary() {
    for (Stage s : Stage.values()) stages.put(s, new StageCounts());
  }

  /**
   * The counters of {@code stage}.
   *
   * @param stage the stage
   * @return its counters
   */
  public StageCounts stage(Stage stage) {
    return stages.get(stage);
  }

  /**
   * Why scenarios were given up and tasks dropped, one line each.
   *
   * @return one line per scenario given up or task dropped, in the order they happened
   */
  public List<String> reasons() {
    synchronized (reasons) {
      return List.copyOf(reasons);
    }
  }

  /**
   * Model calls made in this run.
   *
   * @return the number of model calls made in this run
   */
  public long modelCalls() {
    return modelCalls.get();
  }

  /**
   * Answers replayed from a recording ({@code CachingChatModel}): not model calls, and no tokens.
   *
   * @return the number of replayed answers
   */
  public long replays() {
    return replays.get();
  }

  /**
   * Prompt plus completion tokens reported by the model in this run.
   *
   * @return the number of tokens
   */
  public long tokens() {
    return promptTokens.get() + completionTokens.get();
  }

  void reason(String line) {
    reasons.add(line);
  }

  /**
   * A few lines for people.
   *
   * @return one line of counters per stage that did something, the model calls and tokens, and the reasons
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (Stage s : Stage.values()) {
      StageCounts c = stages.get(s);
      if (c.in() + c.skipped() == 0) continue;
      b.append(String.format("%-9s %s%n", s.key(), c));
    }
    b.append("model calls: ").append(modelCalls()).append(", tokens: ").append(tokens())
        .append(replays() == 0 ? "" : ", replayed from the cache: " + replays()).append('\n');
    for (String r : reasons()) b.append("  ").append(r).append('\n');
    return b.toString();
  }
}
