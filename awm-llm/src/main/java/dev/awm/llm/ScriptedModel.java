package dev.awm.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model that answers from a script, for tests and the offline default. It answers each request
 * by what the request is for ({@link ChatRequest#purpose()}: its {@code stage} and {@code scenario}),
 * never by the prompt text, so editing a prompt does not break a fixture. It can be told to give a
 * faulty answer first (a malformed reply, non-compiling code...) to exercise the retry paths.
 *
 * <p>Answers can be scripted per task ({@link #taskKey}), per scenario, or for a whole stage; the
 * most specific one wins. Thread-safe. A request with no scripted answer fails with an {@link LlmException} that names
 * the stage and the scenario.
 */
public final class ScriptedModel implements ChatModel {
  private final Map<String, Function<ChatRequest, ChatResponse>> answers;
  private final Map<String, Deque<ChatResponse>> faults = new HashMap<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private final long delayMillis;

  private ScriptedModel(Builder b) {
    this.answers = Map.copyOf(b.answers);
    b.faults.forEach((k, v) -> faults.put(k, new ArrayDeque<>(v)));
    this.delayMillis = b.delayMillis;
  }

  /** {@return a new builder with nothing scripted} */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    synchronized (this) {
      requests.add(request);
    }
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException("scripted model interrupted");
      }
    }
    List<String> keys = keys(request);
    synchronized (faults) {
      for (String k : keys) {
        Deque<ChatResponse> queue = faults.get(k);
        if (queue != null && !queue.isEmpty()) return queue.poll();
      }
    }
    for (String k : keys) {
      Function<ChatRequest, ChatResponse> answer = answers.get(k);
      if (answer != null) return answer.apply(request);
    }
    String task = request.purpose("task");
    throw new LlmException("the scripted model has no answer for stage '" + request.purpose("stage") + "' of scenario '"
        + request.purpose("scenario") + "'" + (task.isEmpty() ? "" : " task " + task));
  }

  /**
   * How many requests it answered (or refused).
   *
   * @return the number of requests received so far
   */
  public synchronized long calls() {
    return requests.size();
  }

  /** {@return the requests it received, in order} */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  private static String key(String stage, String scenario) {
    return stage + "\u0000" + scenario;
  }

  /** The most specific key first: stage + scenario + task, stage + scenario, stage alone. */
  private static List<String> keys(ChatRequest r) {
    String stage = r.purpose("stage");
    String scenario = r.purpose("scenario");
    String task = r.purpose("task");
    List<String> out = new ArrayList<>(3);
    if (!task.isEmpty()) out.add(key(stage, scenario + "#" + task));
    out.add(key(stage, scenario));
    out.add(key(stage, ""));
    return out;
  }

  /**
   * The scenario part of a script key for one task of a scenario.
   *
   * @param scenario the scenario's name
   * @param task the task's index
   * @return the key to give as {@code scenario} to script an answer for that task only
   */
  public static String taskKey(String scenario, int task) {
    return scenario + "#" + task;
  }

  /** Builds a {@link ScriptedModel}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Function<ChatRequest, ChatResponse>> answers = new HashMap<>();
    private final Map<String, List<ChatResponse>> faults = new HashMap<>();
    private long delayMillis;

    private Builder() {}

    /**
     * Answers requests of {@code stage} for {@code scenario} (empty: any scenario) with {@code text}.
     *
     * @param stage the request's {@code stage} purpose
     * @param scenario the request's {@code scenario} purpose (or a {@link #taskKey}); empty or null for any
     *     scenario
     * @param text the reply's text
     * @return this builder
     */
    public Builder answer(String stage, String scenario, String text) {
      return answer(stage, scenario, r -> ChatResponse.text(text));
    }

    /**
     * Answers requests of {@code stage} for {@code scenario} (empty: any scenario) with a function of the
     * request.
     *
     * @param stage the request's {@code stage} purpose
     * @param scenario the request's {@code scenario} purpose (or a {@link #taskKey}); empty or null for any
     *     scenario
     * @param answer makes the reply from the request
     * @return this builder
     */
    public Builder answer(String stage, String scenario, Function<ChatRequest, ChatResponse> answer) {
      answers.put(key(stage, scenario == null ? "" : scenario), answer);
      return this;
    }

    /**
     * Before the scripted answer, gives {@code faulty} once to the next request of {@code stage}/{@code
     * scenario}.
     *
     * @param stage the request's {@code stage} purpose
     * @param scenario the request's {@code scenario} purpose (or a {@link #taskKey}); empty or null for any
     *     scenario
     * @param faulty the faulty reply; several are given in the order added
     * @return this builder
     */
    public Builder failFirst(String stage, String scenario, ChatResponse faulty) {
      faults.computeIfAbsent(key(stage, scenario == null ? "" : scenario), k -> new ArrayList<>()).add(faulty);
      return this;
    }

    /**
     * Waits this long on every call, as a real model would (for benchmarks of concurrency).
     *
     * @param millis the delay per call, in milliseconds
     * @return this builder
     */
    public Builder delayMillis(long millis) {
      this.delayMillis = millis;
      return this;
    }

    /** {@return the model} */
    public ScriptedModel build() {
      return new ScriptedModel(this);
    }
  }
}
