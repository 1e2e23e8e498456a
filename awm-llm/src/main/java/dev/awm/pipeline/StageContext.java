package dev.awm.pipeline;

import dev.awm.llm.ChatMessage;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.LlmException;
import dev.awm.llm.internal.Prompts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every stage shares in one run: the options, the summary, the output store, and the attempt
 * loop that asks the model, executes what it wrote, and feeds the errors back for a retry.
 */
final class StageContext {
  private static final Logger LOG = LoggerFactory.getLogger(StageContext.class);
  private static final int MAX_FEEDBACK_CHARS = 6000;

  final PipelineOptions options;
  final PipelineSummary summary;
  final OutputStore store;
  private final Semaphore calls;
  /** Set when the model cannot be used (a refused key...): no request is sent after it. */
  private volatile PipelineStoppedException stopped;

  StageContext(PipelineOptions options, PipelineSummary summary, OutputStore store) {
    this.options = options;
    this.summary = summary;
    this.store = store;
    this.calls = new Semaphore(options.concurrency(), true);
  }

  /** Decides whether a reply can be used; throws {@link StageRejected} (or an LlmException) when not. */
  interface Acceptor<T> {
    T accept(ChatResponse reply, boolean lastAttempt);
  }

  /** A value and how many attempts it took. */
  record Attempted<T>(T value, int attempts) {
    boolean retried() {
      return attempts > 1;
    }
  }

  /**
   * Asks the model (system + user prompt) up to {@code retries + 1} times. After a failure, the
   * next request carries the previous reply and the problems found in it.
   *
   * @throws GaveUp with the last problems when no attempt was accepted
   */
  <T> Attempted<T> attempt(Stage stage, String scenario, Integer task, String system, String user, Acceptor<T> acceptor) {
    return attempt(stage, stage.key(), scenario, task, system, user, acceptor);
  }

  /**
   * The same, for a step of {@code stage} that requests name {@code step} as their purpose
   * ({@code "challenges"}, {@code "verifier_revision"}), so that they can be told apart.
   */
  <T> Attempted<T> attempt(Stage stage, String step, String scenario, Integer task, String system, String user, Acceptor<T> acceptor) {
    List<String> problems = List.of();
    String previous = null;
    int attempts = options.retries() + 1;
    for (int a = 0; a < attempts; a++) {
      List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system(system), ChatMessage.user(user)));
      if (previous != null) {
        messages.add(ChatMessage.assistant(previous));
        messages.add(ChatMessage.user(Prompts.render("feedback.md", Map.of("errors", feedback(problems)))));
      }
      ChatRequest.Builder rb = ChatRequest.builder().messages(messages).temperature(options.temperature()).jsonResponse(true)
          .purpose("stage", step).purpose("scenario", scenario).purpose("attempt", Integer.toString(a + 1));
      if (task != null) rb.purpose("task", Integer.toString(task));
      ChatResponse reply;
      try {
        reply = chat(rb.build());
      } catch (LlmException e) {
        if (e.stopsRun()) throw stop(e);
        // the same request would be refused again: no retry
        if (e.permanent()) throw new GaveUp(step + (task == null ? "" : " of task " + task) + ": the model refused the request: " + e.getMessage());
        problems = List.of("the model request failed: " + e.getMessage());
        previous = null;
        retryEvent(stage, scenario, task, problems, a, attempts);
        continue;
      }
      try {
        return new Attempted<>(acceptor.accept(reply, a == attempts - 1), a + 1);
      } catch (StageRejected e) {
        problems = e.problems();
      } catch (LlmException e) {
        problems = List.of(e.getMessage());
      }
      previous = reply.text();
      retryEvent(stage, scenario, task, problems, a, attempts);
    }
    throw new GaveUp(step + (task == null ? "" : " of task " + task) + " failed after " + attempts + " attempt(s): "
        + abbreviate(String.join("; ", problems), 600));
  }

  private void retryEvent(Stage stage, String scenario, Integer task, List<String> problems, int attempt, int attempts) {
    String msg = (task == null ? "" : "task " + task + ": ") + abbreviate(String.join("; ", problems), 300);
    LOG.info("{} {} attempt {}/{} rejected: {}", stage.key(), scenario, attempt + 1, attempts, msg);
    if (attempt < attempts - 1) options.listener().onEvent(new ProgressEvent(stage, scenario, ProgressEvent.Kind.RETRY, msg, 0, 0, summary.tokens()));
  }

  /** Stops the run: every later request fails at once with the same exception, and nothing more is sent. */
  PipelineStoppedException stop(dev.awm.llm.LlmException e) {
    PipelineStoppedException s = new PipelineStoppedException(e);
    synchronized (this) {
      if (stopped == null) stopped = s;
      return stopped;
    }
  }

  /** One model call, within the run's concurrency bound, counted in the summary. */
  ChatResponse chat(ChatRequest request) {
    if (stopped != null) throw stopped;
    try {
      calls.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException("interrupted while waiting to call the model");
    }
    try {
      if (stopped != null) throw stopped;
      ChatResponse r = options.model().chat(request);
      if (r.replayed()) {
        summary.replays.incrementAndGet(); // no request was sent, no tokens were spent
        return r;
      }
      summary.modelCalls.incrementAndGet();
      summary.promptTokens.addAndGet(r.usage().promptTokens());
      summary.completionTokens.addAndGet(r.usage().completionTokens());
      return r;
    } catch (LlmException e) {
      // stop before another request can take the permit this one frees
      if (e.stopsRun()) throw stop(e);
      throw e;
    } finally {
      calls.release();
    }
  }

  private static String feedback(List<String> problems) {
    StringBuilder b = new StringBuilder();
    for (String p : problems) {
      if (b.length() + p.length() > MAX_FEEDBACK_CHARS) {
        b.append("- (").append(problems.size()).append(" problems in all; fix these first)\n");
        break;
      }
      b.append("- ").append(p).append('\n');
    }
    return b.toString().strip();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
