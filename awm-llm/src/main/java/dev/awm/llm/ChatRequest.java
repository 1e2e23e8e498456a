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
  /**
   * Checks and normalizes the components.
   *
   * @param model the model, or null
   * @param messages the conversation, copied; at least one message
   * @param temperature the temperature, or null
   * @param temperatureRequired whether the temperature must be used
   * @param maxTokens the token limit, or null
   * @param tools the functions, copied; null means none
   * @param toolChoice the tool choice, or null
   * @param jsonResponse whether to ask for a JSON object
   * @param timeout the timeout per attempt, or null
   * @param purpose what the request is for, copied; null means nothing said
   * @param extraBody further fields, copied as immutable plain JSON values; null means none
   * @throws NullPointerException if {@code messages} is null
   * @throws IllegalArgumentException if there is no message
   */
  public ChatRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) throw new IllegalArgumentException("a chat request needs at least one message");
    tools = tools == null ? List.of() : List.copyOf(tools);
    purpose = purpose == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(purpose));
    extraBody = extraBody == null ? Map.of() : dev.awm.core.internal.JsonValues.immutableCopy(extraBody);
  }

  /** {@return a new builder with no messages and every option unset} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The value of purpose key {@code key}, or empty.
   *
   * @param key a purpose key, such as {@code stage}, {@code scenario} or {@code task}
   * @return the value, or an empty string when the request does not say
   */
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

    /**
     * Sets the model.
     *
     * @param model the model's name, or null for the client's configured model
     * @return this builder
     */
    public Builder model(String model) { this.model = model; return this; }
    /**
     * Adds a message at the end of the conversation.
     *
     * @param m the message; not null
     * @return this builder
     */
    public Builder message(ChatMessage m) { messages.add(Objects.requireNonNull(m)); return this; }
    /**
     * Adds messages at the end of the conversation.
     *
     * @param ms the messages, in order
     * @return this builder
     */
    public Builder messages(List<ChatMessage> ms) { messages.addAll(ms); return this; }
    /**
     * Adds a system message (the instructions) at the end of the conversation.
     *
     * @param text the instructions
     * @return this builder
     */
    public Builder system(String text) { return message(ChatMessage.system(text)); }
    /**
     * Adds a user message at the end of the conversation.
     *
     * @param text what the user says
     * @return this builder
     */
    public Builder user(String text) { return message(ChatMessage.user(text)); }
    /**
     * A preferred sampling temperature: dropped (once per model, logged) when the server refuses it.
     *
     * @param t the temperature
     * @return this builder
     */
    public Builder temperature(double t) { this.temperature = t; this.temperatureRequired = false; return this; }
    /**
     * A sampling temperature the request needs: a server that refuses it fails the request.
     *
     * @param t the temperature
     * @return this builder
     */
    public Builder requireTemperature(double t) { this.temperature = t; this.temperatureRequired = true; return this; }
    /**
     * Sets the completion token limit ({@code max_tokens}).
     *
     * @param n the most tokens the reply may have
     * @return this builder
     */
    public Builder maxTokens(int n) { this.maxTokens = n; return this; }
    /**
     * Adds a function the model may call.
     *
     * @param t the function; not null
     * @return this builder
     */
    public Builder tool(FunctionTool t) { tools.add(Objects.requireNonNull(t)); return this; }
    /**
     * Adds functions the model may call.
     *
     * @param ts the functions, in order
     * @return this builder
     */
    public Builder tools(List<FunctionTool> ts) { tools.addAll(ts); return this; }
    /**
     * Sets {@code tool_choice}.
     *
     * @param choice {@code auto}, {@code none}, {@code required} or a function name; null: not sent
     * @return this builder
     */
    public Builder toolChoice(String choice) { this.toolChoice = choice; return this; }
    /**
     * Asks for a JSON object as the reply ({@code response_format}), or not.
     *
     * @param json true to ask for a JSON object
     * @return this builder
     */
    public Builder jsonResponse(boolean json) { this.jsonResponse = json; return this; }
    /**
     * Sets this request's timeout per attempt.
     *
     * @param d the timeout, or null for the client's
     * @return this builder
     */
    public Builder timeout(Duration d) { this.timeout = d; return this; }
    /**
     * Says what the request is for (never sent; the scripted model answers by it and logs name it).
     *
     * @param key a purpose key, such as {@code stage}, {@code scenario} or {@code task}
     * @param value its value
     * @return this builder
     */
    public Builder purpose(String key, String value) { purpose.put(key, value); return this; }
    /**
     * A further top-level field of the request body (plain JSON values), sent as it is.
     *
     * @param key the field's name; not null
     * @param value the field's value as a plain JSON value
     * @return this builder
     */
    public Builder extra(String key, Object value) { extraBody.put(Objects.requireNonNull(key), value); return this; }
    /**
     * Adds further top-level fields of the request body, sent as they are.
     *
     * @param fields the fields by name, as plain JSON values
     * @return this builder
     */
    public Builder extraBody(Map<String, Object> fields) { extraBody.putAll(fields); return this; }

    /**
     * {@return the request; the builder may be used again}
     *
     * @throws IllegalArgumentException if no message was added
     */
    public ChatRequest build() {
      return new ChatRequest(model, messages, temperature, temperatureRequired, maxTokens, tools, toolChoice, jsonResponse, timeout, purpose, extraBody);
    }
  }
}
