package dev.awm.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model client: OpenAI-compatible {@code /chat/completions} and {@code /embeddings} over
 * OkHttp, for OpenAI, Azure OpenAI (deployment URL, {@code api-version}, {@code api-key} header),
 * vLLM and any compatible server.
 *
 * <p>Retries 429, 5xx, connection failures and timeouts with exponential backoff and jitter,
 * honoring {@code Retry-After} (and {@code retry-after-ms}); never retries other 4xx, whose error
 * names the status and shows the server's message. At most {@link LlmConfig#maxInFlight()}
 * requests are in flight at once across all callers. {@link #stats()} keeps running totals.
 *
 * <p>Thread-safe; share one client. {@link #close()} stops its threads and connections.
 */
public final class OpenAiClient implements ChatModel, EmbeddingModel, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiClient.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final LlmConfig config;
  /** The configured base URL and Azure endpoint without trailing slashes (null when not set). */
  private final String baseUrl;
  private final String azureEndpoint;
  private final OkHttpClient http;
  private final Semaphore inFlight;
  private final LlmStats stats = new LlmStats();
  private final ExecutorService async;
  /** What each model's server was learned to refuse, by model. */
  private final java.util.concurrent.ConcurrentHashMap<String, OpenAiWire.Adjustments> byModel = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<String> logged = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private OpenAiClient(LlmConfig config) {
    this.config = config;
    this.baseUrl = withoutTrailingSlashes(config.baseUrl());
    this.azureEndpoint = withoutTrailingSlashes(config.azureEndpoint());
    this.http = new OkHttpClient.Builder()
        .callTimeout(config.timeout())
        .readTimeout(config.timeout())
        .connectTimeout(config.connectTimeout())
        .build();
    this.inFlight = new Semaphore(config.maxInFlight(), true);
    // at most as many threads as requests may be in flight: further async calls wait in the queue
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(config.maxInFlight(), config.maxInFlight(),
        30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "awm-llm-async");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    this.async = pool;
  }

  /**
   * A client for {@code config}.
   *
   * @param config the configuration
   * @return a new client; its HTTP client and threads are shared by every request
   */
  public static OpenAiClient create(LlmConfig config) {
    return new OpenAiClient(config);
  }

  /** {@return the configuration} */
  public LlmConfig config() {
    return config;
  }

  /** {@return running totals of requests, retries, failures and tokens} */
  public LlmStats stats() {
    return stats;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, new Cancellation());
  }

  /**
   * Answers {@code request} on a background thread. Cancelling the future cancels the request in
   * flight and any further retry.
   *
   * @param request the request
   * @return a future of the reply; it completes exceptionally with an {@link LlmException} when the request
   *     fails
   */
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Cancellation c = new Cancellation();
    CompletableFuture<ChatResponse> f = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        // the future first: stopping the call makes the runner complete it exceptionally, which must not win
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        c.cancel();
        return cancelled;
      }
    };
    async.execute(() -> {
      if (c.cancelled) return; // cancelled while it waited for a thread: the future says so already
      c.runner = Thread.currentThread();
      try {
        f.complete(chat(request, c));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      } finally {
        c.runner = null;
        Thread.interrupted();
      }
    });
    return f;
  }

  private ChatResponse chat(ChatRequest request, Cancellation c) {
    String model = request.model() != null ? request.model() : config.model();
    if (model == null || model.isBlank()) throw new LlmException("no model: set AWM_SYN_OVERRIDE_MODEL or pass one in the request");
    String url = config.provider() == LlmConfig.Provider.AZURE ? azureUrl(model, "chat/completions") : baseUrl + "/chat/completions";
    String what = "chat request" + describe(request);
    // each refusal of a parameter is learned once per model; three kinds can be adjusted, so at most three more tries
    for (int adjustments = 0; ; adjustments++) {
      OpenAiWire.Adjustments a = adjustments(model);
      String body = OpenAiWire.chatBody(request, config.provider() == LlmConfig.Provider.AZURE ? null : model, a);
      try {
        ChatResponse r = execute(what, url, body, config.apiKey(), request.timeout(), OpenAiWire::chatResponse, c);
        stats.usage(r.usage());
        return r;
      } catch (LlmException e) {
        OpenAiWire.Adjustments next = e.unsupportedParameter() == null || adjustments >= 3 ? null : adjusted(a, e.unsupportedParameter(), request);
        if (next == null) throw e;
        // another thread may have learned something meanwhile: keep what either learned
        OpenAiWire.Adjustments now = byModel.merge(model, next, (old, learned) -> new OpenAiWire.Adjustments(learned.maxTokensName(),
            old.noTemperature() || learned.noTemperature(), old.noResponseFormat() || learned.noResponseFormat()));
        if (logged.add(model + "\u0000" + e.unsupportedParameter())) {
          LOG.warn("model '{}' refused the request parameter '{}' ({}); from now on its requests are sent {}", model,
              e.unsupportedParameter(), OpenAiWire.abbreviate(e.getMessage()), describe(now));
        }
      }
    }
  }

  /** How requests to {@code model} are sent: as learned, else the provider's default token-limit name. */
  private OpenAiWire.Adjustments adjustments(String model) {
    return byModel.computeIfAbsent(model, m -> new OpenAiWire.Adjustments(defaultMaxTokensName(), false, false));
  }

  /**
   * OpenAI's and Azure's own servers take {@code max_completion_tokens} from every current model
   * (reasoning models take nothing else); other OpenAI-compatible servers (vLLM...) are sent
   * {@code max_tokens}. A refusal switches it either way.
   */
  private String defaultMaxTokensName() {
    boolean hosted = config.provider() == LlmConfig.Provider.AZURE || baseUrl.startsWith("https://api.openai.com");
    return hosted ? "max_completion_tokens" : "max_tokens";
  }

  /** {@code a} without what the server refused, or null when that cannot be left out of {@code r}. */
  private static OpenAiWire.Adjustments adjusted(OpenAiWire.Adjustments a, String param, ChatRequest r) {
    switch (param) {
      case "temperature":
        return r.temperature() != null && !r.temperatureRequired() && !a.noTemperature() ? a.withoutTemperature() : null;
      case "max_tokens":
        return r.maxTokens() != null && a.maxTokensName().equals("max_tokens") ? a.withMaxTokensName("max_completion_tokens") : null;
      case "max_completion_tokens":
        return r.maxTokens() != null && a.maxTokensName().equals("max_completion_tokens") ? a.withMaxTokensName("max_tokens") : null;
      case "response_format":
        return r.jsonResponse() && !a.noResponseFormat() ? a.withoutResponseFormat() : null;
      default:
        return null;
    }
  }

  private static String describe(OpenAiWire.Adjustments a) {
    return "with " + a.maxTokensName() + (a.noTemperature() ? ", without a preferred temperature" : "")
        + (a.noResponseFormat() ? ", without response_format" : "");
  }

  @Override
  public List<float[]> embed(List<String> inputs) {
    if (inputs.isEmpty()) return List.of();
    String key = config.embeddingApiKey() != null ? config.embeddingApiKey() : config.apiKey();
    if (key == null || key.isBlank()) throw new LlmException("EMBEDDING_OPENAI_API_KEY is not set: embeddings need a key");
    String url = config.provider() == LlmConfig.Provider.AZURE ? azureUrl(config.embeddingModel(), "embeddings")
        : baseUrl + "/embeddings";
    String body = OpenAiWire.embeddingsBody(inputs, config.provider() == LlmConfig.Provider.AZURE ? null : config.embeddingModel());
    return execute("embeddings request (" + inputs.size() + " inputs)", url, body, key, null,
        text -> OpenAiWire.embeddings(text, inputs.size()), new Cancellation());
  }

  /** The provider, the chat model and the embedding model, as logs name this client. */
  @Override
  public String toString() {
    return "OpenAiClient(" + config.provider() + ", model " + config.model() + ", embeddings " + config.embeddingModel() + ")";
  }

  private String azureUrl(String deployment, String path) {
    return azureEndpoint + "/openai/deployments/" + deployment + "/" + path + "?api-version="
        + config.azureApiVersion();
  }

  private static final java.util.concurrent.ScheduledExecutorService NOTICES = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "awm-llm-waiting");
    t.setDaemon(true);
    return t;
  });
  /** How often a request that has not been answered yet is reported as waiting. */
  static final Duration WAITING_NOTICE = Duration.ofSeconds(60);

  /** Says, every {@link #WAITING_NOTICE} while {@code what} is unanswered, what it waits for and until when. */
  private java.util.concurrent.ScheduledFuture<?> waitingNotice(String what, Duration limit) {
    long start = System.nanoTime();
    long every = WAITING_NOTICE.toMillis();
    return NOTICES.scheduleAtFixedRate(() -> LOG.warn("still waiting for the model: {} to {} for {} s (it fails at {} s)", what,
        hostOf(config.provider() == LlmConfig.Provider.AZURE ? azureEndpoint : baseUrl), Duration.ofNanos(System.nanoTime() - start).toSeconds(), limit.toSeconds()),
        every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private static Response executeNoticed(Call call, java.util.concurrent.ScheduledFuture<?> notice) throws IOException {
    try {
      return call.execute();
    } finally {
      notice.cancel(false);
    }
  }

  /** What to fix for a status that no retry can change. */
  private String hint(int code) {
    boolean azure = config.provider() == LlmConfig.Provider.AZURE;
    if (code == 401 || code == 403) return "; check the API key (" + (azure ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY") + ")";
    if (code == 404) return "; check the model (AWM_SYN_OVERRIDE_MODEL or --model) and " + (azure ? "AZURE_ENDPOINT_URL" : "the base URL");
    return "";
  }

  private static String hostOf(String url) {
    okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(url);
    return u == null ? url : u.host() + ":" + u.port();
  }

  private static String withoutTrailingSlashes(String url) {
    if (url == null) return null;
    int end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') end--;
    return url.substring(0, end);
  }

  private <T> T execute(String what, String url, String body, String key, Duration timeout, Function<String, T> parse,
      Cancellation c) {
    OkHttpClient client = timeout == null ? http : http.newBuilder().callTimeout(timeout).readTimeout(timeout).build();
    Duration limit = timeout == null ? config.timeout() : timeout;
    for (int attempt = 0; ; attempt++) {
      Duration delay;
      acquire(what, c);
      try {
        stats.request();
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        if (key != null && !key.isBlank()) {
          if (config.provider() == LlmConfig.Provider.AZURE) rb.header("api-key", key);
          else rb.header("Authorization", "Bearer " + key);
        }
        Call call = client.newCall(rb.build());
        c.current = call;
        if (c.cancelled) call.cancel();
        java.util.concurrent.ScheduledFuture<?> notice = waitingNotice(what, limit);
        try (Response resp = executeNoticed(call, notice)) {
          String text = resp.body().string();
          if (resp.isSuccessful()) return parse.apply(text);
          int code = resp.code();
          boolean retryable = code == 408 || code == 429 || code >= 500;
          String message = what + " failed: HTTP " + code + ": " + OpenAiWire.errorMessage(text) + hint(code);
          if (!retryable || attempt >= config.maxRetries()) {
            stats.failure();
            throw new LlmException(message + (retryable ? " (after " + (attempt + 1) + " attempts)" : ""), code, retryable,
                code == 400 ? OpenAiWire.unsupportedParameter(text) : null, null);
          }
          Duration retryAfter = retryAfter(resp);
          delay = retryAfter != null ? retryAfter : backoff(attempt);
          LOG.debug("{}; retrying in {} ms", message, delay.toMillis());
        }
      } catch (IOException e) {
        if (c.cancelled) throw cancelled(what);
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException) {
          // nothing listens there (or the name does not resolve): waiting will not change that, so fail now
          stats.failure();
          throw new LlmException(what + " failed: cannot connect to " + hostOf(url) + " (" + e.getMessage() + "); is the server"
              + " running, and is " + (config.provider() == LlmConfig.Provider.AZURE ? "AZURE_ENDPOINT_URL" : "OPENAI_BASE_URL (or --api-url)")
              + " right?", 0, false, null, e);
        }
        boolean timedOut = e instanceof InterruptedIOException;
        String message = what + (timedOut ? " timed out after " + limit.toMillis() + " ms (the timeout; "
            + LlmConfig.TIMEOUT_VARIABLE + " or --timeout sets it)" : " failed: " + e);
        if (timedOut) {
          // the server did not answer within the limit: waiting as long again would hide it for longer
          stats.failure();
          throw new LlmException(message, 0, false, null, e);
        }
        if (attempt >= config.maxRetries()) {
          stats.failure();
          throw new LlmException(message + " (after " + (attempt + 1) + " attempts)", 0, true, e);
        }
        delay = backoff(attempt);
        LOG.debug("{}; retrying in {} ms", message, delay.toMillis());
      } catch (LlmException e) {
        if (e.status() == 0) stats.failure();
        throw e;
      } finally {
        c.current = null;
        inFlight.release();
      }
      stats.retry();
      sleep(delay, what, c);
    }
  }

  private void acquire(String what, Cancellation c) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled(what);
    }
    if (c.cancelled) {
      inFlight.release();
      throw cancelled(what);
    }
  }

  private static void sleep(Duration d, String what, Cancellation c) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      if (!c.cancelled) Thread.currentThread().interrupt();
      throw cancelled(what);
    }
    if (c.cancelled) throw cancelled(what);
  }

  private static LlmException cancelled(String what) {
    return new LlmException(what + " was cancelled", 0, false, null);
  }

  /** Exponential backoff with equal jitter: half the step plus a random part of the other half. */
  Duration backoff(int attempt) {
    long step = config.initialBackoff().toMillis() << Math.min(attempt, 20);
    long cap = Math.min(step, config.maxBackoff().toMillis());
    return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
  }

  /** The server's requested delay: {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date. */
  static Duration retryAfter(Response resp) {
    String ms = resp.header("retry-after-ms");
    String v = resp.header("Retry-After");
    Duration d = null;
    try {
      if (ms != null) d = Duration.ofMillis((long) Double.parseDouble(ms.trim()));
      else if (v != null && v.trim().matches("[0-9.]+")) d = Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000));
      else if (v != null) d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
    } catch (RuntimeException e) {
      return null;
    }
    if (d == null) return null;
    if (d.isNegative()) return Duration.ZERO;
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  private static String describe(ChatRequest r) {
    if (r.purpose().isEmpty()) return "";
    return " " + r.purpose();
  }

  /** Stops the async threads and releases connections. */
  @Override
  public void close() {
    async.shutdownNow();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** One call's cancellation state. */
  private static final class Cancellation {
    volatile boolean cancelled;
    volatile Call current;
    volatile Thread runner;

    void cancel() {
      cancelled = true;
      Call call = current;
      if (call != null) call.cancel();
      Thread t = runner;
      if (t != null) t.interrupt();
    }
  }
}
