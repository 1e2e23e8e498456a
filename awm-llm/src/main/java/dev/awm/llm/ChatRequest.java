package dev.awm.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat completion request. Immutable; build it with {@link #builder()}.
 *
 * <p>{@link #purpose()} says what the request is for ({@code stage}, {@code scenario}, {@code task}...):
 * it is never sent to the server, but the scripted model answers by it and logs name it.
 *
 * @param model the model (null: the client's configured model)
 * @param messages the conversation
 * @param temperature sampling temperature (null: the server's default); a preference unless
 *     {@code temperatureRequired}: a server that refuses it (reasoning models take only their
 *     default) is asked again without it
 * @param temperatureRequired whether the temperature must be used: then a server that refuses it fails the request
 * @param maxTokens the completion token limit (null: the server's default)
 * @param tools functions the model may call
 * @param toolChoice {@code auto}, {@code none}, {@code required}, or a function name (null: not sent)
 * @param jsonResponse ask for a JSON object ({@code response_format})
 * @param timeout this request's timeout per attempt (null: the client's)
 * @param purpose what the request is for; not sent
 * @param extraBody further top-level fields of the request body, sent as they are (vLLM's
 *     {@code min_tokens}, {@code chat_template_kwargs}...; empty: none)
 */
public record ChatRequest(String model, List<ChatMessage> messages, Double temperature, boolean temperatureRequired, Integer maxTokens,
    List<FunctionTool> tools, String toolChoice, boolean jsonResponse, Duration timeout, Map<String, String> purpose,
    Map<String, Object> extraBody) {
  public ChatRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) throw new IllegalArgumentException("a chat request needs at least one message");
    tools = tools == null ? List.of() : List.copyOf(tools);
    purpose = purpose == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(purpose));
    extraBody = extraBody == null ? Map.of() : dev.awm.core.internal.JsonValues.immutableCopy(extraBody);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of purpose key {@code key}, or empty. */
  public String purpose(String key) {
    return purpose.getOrDefault(key, "");
  }

  /** Builds a {@link ChatRequest}; not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private Double temperature;
    private boolean temperatureRequired;
    private Integer maxTokens;
    private final List<FunctionTool> tools = new ArrayList<>();
    private String toolChoice;
    private boolean jsonResponse;
    private Duration timeout;
    private final Map<String, String> purpose = new LinkedHashMap<>();
    private final Map<String, Object> extraBody = new LinkedHashMap<>();

    private Builder() {}

    public Builder model(String model) { this.model = model; return this; }
    public Builder message(ChatMessage m) { messages.add(Objects.requireNonNull(m)); return this; }
    public Builder messages(List<ChatMessage> ms) { messages.addAll(ms); return this; }
    public Builder system(String text) { return message(ChatMessage.system(text)); }
    public Builder user(String text) { return message(ChatMessage.user(text)); }
    /** A preferred sampling temperature: dropped (once per model, logged) when the server refuses it. */
    public Builder temperature(double t) { this.temperature = t; this.temperatureRequired = false; return this; }
    /** A sampling temperature the request needs: a server that refuses it fails the request. */
    public Builder requireTemperature(double t) { this.temperature = t; this.temperatureRequired = true; return this; }
    public Builder maxTokens(int n) { this.maxTokens = n; return this; }
    public Builder tool(FunctionTool t) { tools.add(Objects.requireNonNull(t)); return this; }
    public Builder tools(List<FunctionTool> ts) { tools.addAll(ts); return this; }
    public Builder toolChoice(String choice) { this.toolChoice = choice; return this; }
    public Builder jsonResponse(boolean json) { this.jsonResponse = json; return this; }
    public Builder timeout(Duration d) { this.timeout = d; return this; }
    public Builder purpose(String key, String value) { purpose.put(key, value); return this; }
    /** A further top-level field of the request body (plain JSON values), sent as it is. */
    public Builder extra(String key, Object value) { extraBody.put(Objects.requireNonNull(key), value); return this; }
    public Builder extraBody(Map<String, Object> fields) { extraBody.putAll(fields); return this; }

    public ChatRequest build() {
      return new ChatRequest(model, messages, temperature, temperatureRequired, maxTokens, tools, toolChoice, jsonResponse, timeout, purpose, extraBody);
    }
  }
}
