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

    /** Scenarios (or tasks) that entered the stage in this run. */
    public long in() { return in.get(); }
    /** That came out of it. */
    public long out() { return out.get(); }
    /** That needed at least one retry. */
    public long retried() { return retried.get(); }
    /** That failed after all retries. */
    public long gaveUp() { return gaveUp.get(); }
    /** Already done by an earlier run (resumed). */
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

  /** The counters of {@code stage}. */
  public StageCounts stage(Stage stage) {
    return stages.get(stage);
  }

  /** Why scenarios were given up and tasks dropped, one line each. */
  public List<String> reasons() {
    synchronized (reasons) {
      return List.copyOf(reasons);
    }
  }

  /** Model calls made in this run. */
  public long modelCalls() {
    return modelCalls.get();
  }

  /** Answers replayed from a recording ({@code CachingChatModel}): not model calls, and no tokens. */
  public long replays() {
    return replays.get();
  }

  /** Prompt plus completion tokens reported by the model in this run. */
  public long tokens() {
    return promptTokens.get() + completionTokens.get();
  }

  void reason(String line) {
    reasons.add(line);
  }

  /** A few lines for people. */
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
