package dev.awm.llm;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a model: OpenAI (or any compatible server, such as vLLM serving an Arctic-AWM
 * model) or Azure OpenAI, with retry, timeout and concurrency settings. Immutable; build one with
 * {@link #builder()} or read the reference implementation's variables with {@link #fromEnvironment}.
 *
 * @param provider where requests go
 * @param baseUrl OpenAI-compatible base URL ending in {@code /v1} (OpenAI provider)
 * @param apiKey the key (sent as {@code Authorization: Bearer} to OpenAI, {@code api-key} to Azure)
 * @param model the default model (the deployment name on Azure)
 * @param azureEndpoint the Azure resource URL, for example {@code https://x.openai.azure.com/}
 * @param azureApiVersion the Azure {@code api-version}
 * @param embeddingApiKey the key for {@code /embeddings} (null: {@code apiKey} is used for them too)
 * @param embeddingModel the embedding model
 * @param timeout the whole-call (and read) timeout of one attempt: 30 minutes by default, as long as a
 *     long generation may take; an attempt that reaches it fails the request (it is not retried)
 * @param connectTimeout how long to wait for a connection (10 seconds by default; not retried)
 * @param maxRetries retries after the first attempt, for 429, 5xx and dropped connections
 * @param initialBackoff the first retry's delay before jitter; doubles each retry
 * @param maxBackoff the longest delay between attempts (also caps {@code Retry-After})
 * @param maxInFlight requests in flight at once, shared by every caller of one client
 */
public record LlmConfig(Provider provider, String baseUrl, String apiKey, String model, String azureEndpoint,
    String azureApiVersion, String embeddingApiKey, String embeddingModel, Duration timeout, Duration connectTimeout, int maxRetries,
    Duration initialBackoff, Duration maxBackoff, int maxInFlight) {
  /** Environment variable: the timeout of one attempt, in seconds. */
  public static final String TIMEOUT_VARIABLE = "AWM_LLM_TIMEOUT_SECONDS";
  /** Environment variable: the connect timeout, in seconds. */
  public static final String CONNECT_TIMEOUT_VARIABLE = "AWM_LLM_CONNECT_TIMEOUT_SECONDS";

  /** The kinds of server. */
  public enum Provider { OPENAI, AZURE }

  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  public LlmConfig {
    Objects.requireNonNull(provider, "provider");
    if (provider == Provider.AZURE && (azureEndpoint == null || azureEndpoint.isBlank())) {
      throw new IllegalArgumentException("Azure needs an endpoint URL");
    }
    if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive");
    }
    if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider; b.baseUrl = baseUrl; b.apiKey = apiKey; b.model = model; b.azureEndpoint = azureEndpoint;
    b.azureApiVersion = azureApiVersion; b.embeddingApiKey = embeddingApiKey; b.embeddingModel = embeddingModel;
    b.timeout = timeout; b.connectTimeout = connectTimeout; b.maxRetries = maxRetries; b.initialBackoff = initialBackoff; b.maxBackoff = maxBackoff;
    b.maxInFlight = maxInFlight;
    return b;
  }

  /** Whether a chat model is configured in {@code env} (the provider's key is set). */
  public static boolean configuredIn(Map<String, String> env) {
    String provider = env.getOrDefault("AWM_SYN_LLM_PROVIDER", "openai").trim().toLowerCase(Locale.ROOT);
    return present(env, provider.equals("azure") ? "AZURE_OPENAI_API_KEY" : "OPENAI_API_KEY");
  }

  /**
   * Reads the reference implementation's variables: {@code AWM_SYN_LLM_PROVIDER} (openai|azure),
   * {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code AZURE_ENDPOINT_URL},
   * {@code AZURE_OPENAI_API_KEY}, {@code AZURE_OPENAI_API_VERSION}, {@code AWM_SYN_OVERRIDE_MODEL},
   * {@code EMBEDDING_OPENAI_API_KEY} (and {@code EMBEDDING_MODEL}).
   *
   * @throws LlmException naming the variable that is missing or wrong
   */
  public static LlmConfig fromEnvironment(Map<String, String> env) {
    String p = env.getOrDefault("AWM_SYN_LLM_PROVIDER", "openai").trim().toLowerCase(Locale.ROOT);
    Builder b = builder();
    switch (p) {
      case "openai" -> b.provider(Provider.OPENAI).apiKey(require(env, "OPENAI_API_KEY", "the OpenAI (or compatible) API key"))
          .baseUrl(env.getOrDefault("OPENAI_BASE_URL", DEFAULT_BASE_URL));
      case "azure" -> b.provider(Provider.AZURE).azureEndpoint(require(env, "AZURE_ENDPOINT_URL", "the Azure OpenAI endpoint"))
          .apiKey(require(env, "AZURE_OPENAI_API_KEY", "the Azure OpenAI key"));
      default -> throw new LlmException("AWM_SYN_LLM_PROVIDER is '" + p + "'; set it to openai or azure");
    }
    if (present(env, "AZURE_OPENAI_API_VERSION")) b.azureApiVersion(env.get("AZURE_OPENAI_API_VERSION"));
    b.model(require(env, "AWM_SYN_OVERRIDE_MODEL", "the model to use, for example gpt-5"));
    if (present(env, "EMBEDDING_OPENAI_API_KEY")) b.embeddingApiKey(env.get("EMBEDDING_OPENAI_API_KEY"));
    if (present(env, "EMBEDDING_MODEL")) b.embeddingModel(env.get("EMBEDDING_MODEL"));
    if (present(env, TIMEOUT_VARIABLE)) b.timeout(seconds(env, TIMEOUT_VARIABLE));
    if (present(env, CONNECT_TIMEOUT_VARIABLE)) b.connectTimeout(seconds(env, CONNECT_TIMEOUT_VARIABLE));
    return b.build();
  }

  private static Duration seconds(Map<String, String> env, String name) {
    String v = env.get(name).trim();
    try {
      double s = Double.parseDouble(v);
      if (s > 0 && s <= 86_400) return Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException e) {
      // said below
    }
    throw new LlmException(name + " must be a number of seconds between 0 and 86400, not \"" + v + "\"");
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  private static String require(Map<String, String> env, String name, String what) {
    if (!present(env, name)) throw new LlmException(name + " is not set: it must hold " + what);
    return env.get(name).trim();
  }

  /** Builds an {@link LlmConfig}; not thread-safe. */
  public static final class Builder {
    private Provider provider = Provider.OPENAI;
    private String baseUrl = DEFAULT_BASE_URL;
    private String apiKey;
    private String model;
    private String azureEndpoint;
    private String azureApiVersion = "2024-10-21";
    private String embeddingApiKey;
    private String embeddingModel = "text-embedding-3-small";
    private Duration timeout = Duration.ofMinutes(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxRetries = 5;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxInFlight = 16;

    private Builder() {}

    public Builder provider(Provider p) { this.provider = p; return this; }
    public Builder baseUrl(String url) { this.baseUrl = url; return this; }
    public Builder apiKey(String key) { this.apiKey = key; return this; }
    public Builder model(String m) { this.model = m; return this; }
    public Builder azureEndpoint(String url) { this.azureEndpoint = url; return this; }
    public Builder azureApiVersion(String v) { this.azureApiVersion = v; return this; }
    public Builder embeddingApiKey(String key) { this.embeddingApiKey = key; return this; }
    public Builder embeddingModel(String m) { this.embeddingModel = m; return this; }
    public Builder timeout(Duration d) { this.timeout = d; return this; }
    public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
    public Builder maxRetries(int n) { this.maxRetries = n; return this; }
    public Builder initialBackoff(Duration d) { this.initialBackoff = d; return this; }
    public Builder maxBackoff(Duration d) { this.maxBackoff = d; return this; }
    public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }

    public LlmConfig build() {
      return new LlmConfig(provider, baseUrl, apiKey, model, azureEndpoint, azureApiVersion, embeddingApiKey, embeddingModel,
          timeout, connectTimeout, maxRetries, initialBackoff, maxBackoff, maxInFlight);
    }
  }
}
