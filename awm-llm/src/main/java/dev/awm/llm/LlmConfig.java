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
  public enum Provider {
    /** OpenAI or any server with an OpenAI-compatible API at {@link LlmConfig#baseUrl()}. */
    OPENAI,
    /** Azure OpenAI at {@link LlmConfig#azureEndpoint()}. */
    AZURE
  }

  /** The base URL of OpenAI's API, the default of {@link #baseUrl()}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /**
   * Checks the configuration.
   *
   * @param provider where requests go; not null
   * @param baseUrl the base URL
   * @param apiKey the key
   * @param model the default model
   * @param azureEndpoint the Azure resource URL; required for {@link Provider#AZURE}
   * @param azureApiVersion the Azure {@code api-version}
   * @param embeddingApiKey the key for embeddings, or null
   * @param embeddingModel the embedding model
   * @param timeout positive
   * @param connectTimeout positive
   * @param maxRetries 0 or more
   * @param initialBackoff the first retry's delay
   * @param maxBackoff the longest delay between attempts
   * @param maxInFlight 1 or more
   * @throws NullPointerException if {@code provider} is null
   * @throws IllegalArgumentException naming the setting that is missing or out of range
   */
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

  /** {@return a new builder with the defaults: OpenAI, 30-minute timeout, 5 retries, 16 requests in flight} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this configuration.
   *
   * @return a new builder holding every setting of this configuration
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider; b.baseUrl = baseUrl; b.apiKey = apiKey; b.model = model; b.azureEndpoint = azureEndpoint;
    b.azureApiVersion = azureApiVersion; b.embeddingApiKey = embeddingApiKey; b.embeddingModel = embeddingModel;
    b.timeout = timeout; b.connectTimeout = connectTimeout; b.maxRetries = maxRetries; b.initialBackoff = initialBackoff; b.maxBackoff = maxBackoff;
    b.maxInFlight = maxInFlight;
    return b;
  }

  /**
   * Whether a chat model is configured in {@code env} (the provider's key is set).
   *
   * @param env the environment variables (for example {@code System.getenv()})
   * @return true if the configured provider's API key is set and not blank
   */
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
   * @param env the environment variables (for example {@code System.getenv()})
   * @return the configuration, with the defaults for what the variables do not say
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

    /**
     * Sets where requests go (default {@link Provider#OPENAI}).
     *
     * @param p the provider
     * @return this builder
     */
    public Builder provider(Provider p) { this.provider = p; return this; }
    /**
     * Sets the OpenAI-compatible base URL, ending in {@code /v1} (default {@link #DEFAULT_BASE_URL}).
     *
     * @param url the base URL
     * @return this builder
     */
    public Builder baseUrl(String url) { this.baseUrl = url; return this; }
    /**
     * Sets the API key.
     *
     * @param key the key
     * @return this builder
     */
    public Builder apiKey(String key) { this.apiKey = key; return this; }
    /**
     * Sets the default model (the deployment name on Azure).
     *
     * @param m the model's name
     * @return this builder
     */
    public Builder model(String m) { this.model = m; return this; }
    /**
     * Sets the Azure resource URL.
     *
     * @param url for example {@code https://x.openai.azure.com/}
     * @return this builder
     */
    public Builder azureEndpoint(String url) { this.azureEndpoint = url; return this; }
    /**
     * Sets the Azure {@code api-version} (default {@code 2024-10-21}).
     *
     * @param v the version
     * @return this builder
     */
    public Builder azureApiVersion(String v) { this.azureApiVersion = v; return this; }
    /**
     * Sets a separate key for {@code /embeddings} (default none: the API key is used).
     *
     * @param key the key, or null
     * @return this builder
     */
    public Builder embeddingApiKey(String key) { this.embeddingApiKey = key; return this; }
    /**
     * Sets the embedding model (default {@code text-embedding-3-small}).
     *
     * @param m the model's name
     * @return this builder
     */
    public Builder embeddingModel(String m) { this.embeddingModel = m; return this; }
    /**
     * Sets the timeout of one attempt (default 30 minutes).
     *
     * @param d the timeout; positive
     * @return this builder
     */
    public Builder timeout(Duration d) { this.timeout = d; return this; }
    /**
     * Sets the connect timeout (default 10 seconds).
     *
     * @param d the timeout; positive
     * @return this builder
     */
    public Builder connectTimeout(Duration d) { this.connectTimeout = d; return this; }
    /**
     * Sets how many retries follow a failed first attempt (default 5).
     *
     * @param n 0 or more
     * @return this builder
     */
    public Builder maxRetries(int n) { this.maxRetries = n; return this; }
    /**
     * Sets the first retry's delay before jitter (default 500 ms).
     *
     * @param d the delay
     * @return this builder
     */
    public Builder initialBackoff(Duration d) { this.initialBackoff = d; return this; }
    /**
     * Sets the longest delay between attempts (default 30 seconds).
     *
     * @param d the delay
     * @return this builder
     */
    public Builder maxBackoff(Duration d) { this.maxBackoff = d; return this; }
    /**
     * Sets how many requests may be in flight at once (default 16).
     *
     * @param n 1 or more
     * @return this builder
     */
    public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }

    /**
     * {@return the configuration}
     *
     * @throws NullPointerException if no provider is set
     * @throws IllegalArgumentException naming the setting that is missing or out of range
     */
    public LlmConfig build() {
      return new LlmConfig(provider, baseUrl, apiKey, model, azureEndpoint, azureApiVersion, embeddingApiKey, embeddingModel,
          timeout, connectTimeout, maxRetries, initialBackoff, maxBackoff, maxInFlight);
    }
  }
}
