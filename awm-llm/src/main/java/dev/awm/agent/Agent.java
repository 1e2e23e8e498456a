package dev.awm.agent;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.llm.ChatMessage;
import dev.awm.llm.ChatModel;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.FunctionTool;
import dev.awm.llm.LlmException;
import dev.awm.llm.ModelToolCall;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import dev.awm.runtime.ToolSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tool-use agent: runs a task against a {@link ToolSession} (an in-process handle, or a remote
 * environment over MCP) with any OpenAI-compatible model, by native tool calling or by the
 * reference implementation's text protocol (Arctic-AWM models on vLLM). Immutable; thread-safe
 * as long as each run gets its own session.
 */
public final class Agent {
  /** How the model calls tools. */
  public enum Protocol {
    /** OpenAI {@code tools} and {@code tool_calls}. */
    NATIVE,
    /**
     * The reference implementation's text protocol: {@code <tool_call>} blocks with
     * {@code list_tools} and {@code call_tool}, one call per turn. Tool results go back as
     * {@code Tool response:} user messages unless {@link Builder#toolMessages(boolean)}.
     */
    TEXT
  }

  /** The reference's temperature ({@code Config.temperature} in {@code awm/core/agent.py}). */
  public static final double REFERENCE_TEMPERATURE = 1.0;
  /** The reference's completion token limit ({@code Config.max_tokens}). */
  public static final int REFERENCE_MAX_TOKENS = 2048;
  /** The reference's iteration budget ({@code Config.max_iterations}). */
  public static final int REFERENCE_MAX_ITERATIONS = 30;

  private final ChatModel model;
  private final Protocol protocol;
  private final int maxIterations;
  private final Double temperature;
  private final Integer maxTokens;
  private final String systemPrompt;
  private final boolean toolMessages;
  private final Map<String, Object> extraBody;

  private Agent(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.protocol = b.protocol;
    this.maxIterations = b.maxIterations;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.systemPrompt = b.systemPrompt;
    this.toolMessages = b.toolMessages;
    this.extraBody = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.extraBody));
  }

  /**
   * Whether the reference would treat {@code apiUrl} as a local vLLM server and use its vLLM
   * settings ({@code use_vllm_extras} in {@code run_agent}): the address names {@code localhost}
   * and {@code v1} and is not Azure's.
   *
   * @param apiUrl the model server's base URL, or null
   * @return true if it names localhost and {@code v1} and is not an Azure address
   */
  public static boolean referenceUsesVllm(String apiUrl) {
    return apiUrl != null && apiUrl.contains("localhost") && !apiUrl.contains("openai.azure.com") && apiUrl.contains("v1");
  }

  /**
   * A builder of an agent that asks {@code model}, with the native protocol and 30 iterations.
   *
   * @param model the model; not null (checked when the agent is built)
   * @return a new builder
   */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * Runs {@code task}; never throws for model or tool failures: the run says how it ended.
   *
   * @param session the tools the agent may call
   * @param task the task, sent as the user message
   * @return the run: the conversation, the calls, the final answer and why it stopped
   */
  public AgentRun run(ToolSession session, String task) {
    List<ToolDescriptor> tools = session.listTools();
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(systemPrompt != null ? systemPrompt
        : protocol == Protocol.TEXT ? TextProtocol.systemPrompt()
        : "You are an assistant that completes the user's task in an application by calling its tools. "
            + "When the task is done, reply with the answer or a short summary and no tool call."
            // the reference's text protocol says nothing of the date; the native one says what "today" is
            + session.simulatedNow().map(t -> " In the application it is now " + t + ".").orElse("")));
    messages.add(ChatMessage.user(task));
    List<AgentStep> steps = new ArrayList<>();
    List<FunctionTool> functions = new ArrayList<>();
    if (protocol == Protocol.NATIVE) for (ToolDescriptor t : tools) functions.add(new FunctionTool(t.name(), t.description(), t.inputSchema()));
    for (int i = 1; i <= maxIterations; i++) {
      ChatRequest.Builder rb = ChatRequest.builder().messages(wire(messages)).tools(functions).purpose("stage", "agent")
          .purpose("iteration", Integer.toString(i));
      if (temperature != null) rb.temperature(temperature);
      if (maxTokens != null) rb.maxTokens(maxTokens);
      rb.extraBody(extraBody);
      ChatResponse reply;
      try {
        reply = model.chat(rb.build());
      } catch (LlmException e) {
        return new AgentRun(task, messages, steps, "", AgentRun.Stop.MODEL_ERROR, i, e.getMessage());
      }
      boolean more = protocol == Protocol.NATIVE ? nativeTurn(session, reply, messages, steps, i) : textTurn(session, tools, reply, messages, steps, i);
      if (!more) return new AgentRun(task, messages, steps, reply.text(), AgentRun.Stop.ANSWERED, i, "");
    }
    return new AgentRun(task, messages, steps, "", AgentRun.Stop.MAX_ITERATIONS, maxIterations, "");
  }

  /** Runs the native tool calls of {@code reply}; false when it made none (a final answer). */
  private static boolean nativeTurn(ToolSession session, ChatResponse reply, List<ChatMessage> messages, List<AgentStep> steps, int i) {
    messages.add(ChatMessage.assistant(reply.content(), reply.toolCalls()));
    if (reply.toolCalls().isEmpty()) return false;
    for (ModelToolCall c : reply.toolCalls()) {
      ToolResult r;
      Map<String, Object> args = Map.of();
      try {
        args = parseArguments(c.arguments());
        r = session.callTool(c.name(), args);
      } catch (IllegalArgumentException e) {
        r = ToolResult.error(c.name(), ToolResult.Kind.BAD_REQUEST, "arguments of tool '" + c.name() + "' are not a JSON object: " + e.getMessage());
      }
      steps.add(new AgentStep(i, new ToolCall(c.name(), args), r, reply.content(), c.id()));
      messages.add(ChatMessage.tool(c.id(), r.content()));
    }
    return true;
  }

  /**
   * Runs the first {@code <tool_call>} of {@code reply}, as the reference's {@code run_agent} does
   * (one call per turn), and answers it with a {@code tool} message; false when it has none (a final
   * answer). Further blocks are not run, and the answer says so.
   */
  private static boolean textTurn(ToolSession session, List<ToolDescriptor> tools, ChatResponse reply, List<ChatMessage> messages,
      List<AgentStep> steps, int i) {
    messages.add(ChatMessage.assistant(reply.text()));
    List<TextProtocol.Block> blocks = TextProtocol.blocks(reply.text());
    if (blocks.isEmpty()) return false;
    TextProtocol.Block first = blocks.get(0);
    ToolCall call = first.call();
    String response;
    if (call == null) {
      response = "Error: " + first.error();
    } else if (call.name().equals(TextProtocol.LIST_TOOLS)) {
      response = TextProtocol.toolList(tools);
      steps.add(new AgentStep(i, call, ToolResult.ok(TextProtocol.LIST_TOOLS, response), reply.text(), "call_" + i + "_0"));
    } else {
      ToolResult r;
      ToolCall inner = null;
      try {
        inner = TextProtocol.inner(call);
        r = session.callTool(inner.name(), inner.arguments());
      } catch (RuntimeException e) {
        r = ToolResult.error(TextProtocol.CALL_TOOL, ToolResult.Kind.BAD_REQUEST, e instanceof IllegalArgumentException ? e.getMessage()
            : "call_tool could not be run");
      }
      steps.add(new AgentStep(i, inner != null ? inner : call, r, reply.text(), "call_" + i + "_0"));
      response = r.isError() ? "Error: " + TextProtocol.forModel(r.message()) : r.content();
    }
    if (blocks.size() > 1) {
      int rest = blocks.size() - 1;
      response += "\n\n(Only the first <tool_call> of a message is run: the other " + rest + (rest == 1 ? " was" : " were")
          + " ignored. Call one function per step.)";
    }
    messages.add(ChatMessage.tool("call_" + i + "_0", response));
    return true;
  }

  /** {@code messages} as sent: tool results as {@code tool} messages, or as user messages {@code Tool response:\n...}. */
  private List<ChatMessage> wire(List<ChatMessage> messages) {
    if (protocol != Protocol.TEXT || toolMessages) return messages;
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) out.add(m.role().equals("tool") ? ChatMessage.user("Tool response:\n" + m.content()) : m);
    return out;
  }

  private static Map<String, Object> parseArguments(String json) {
    Object v;
    try {
      v = json == null || json.isBlank() ? Map.of() : JsonValues.parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return TextProtocol.object(v, "got " + json);
  }

  /** Builds an {@link Agent}; not thread-safe. */
  public static final class Builder {
    private final ChatModel model;
    private Protocol protocol = Protocol.NATIVE;
    private int maxIterations = 30;
    private Double temperature;
    private Integer maxTokens;
    private String systemPrompt;
    private boolean toolMessages;
    private final Map<String, Object> extraBody = new java.util.LinkedHashMap<>();

    private Builder(ChatModel model) {
      this.model = model;
    }

    /**
     * Sets how the model calls tools (default {@link Protocol#NATIVE}).
     *
     * @param p the protocol; not null
     * @return this builder
     */
    public Builder protocol(Protocol p) { this.protocol = Objects.requireNonNull(p); return this; }
    /**
     * Sets how many model turns a run may take (default 30); a run that reaches it stops with {@link
     * AgentRun.Stop#MAX_ITERATIONS}.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public Builder maxIterations(int n) {
      if (n < 1) throw new IllegalArgumentException("maxIterations must be >= 1");
      this.maxIterations = n;
      return this;
    }
    /**
     * Sets the sampling temperature of every request (default: not sent).
     *
     * @param t the temperature
     * @return this builder
     */
    public Builder temperature(double t) { this.temperature = t; return this; }
    /**
     * Sets the completion token limit of every request (default: not sent).
     *
     * @param n the most tokens a reply may have
     * @return this builder
     */
    public Builder maxTokens(int n) { this.maxTokens = n; return this; }
    /**
     * Replaces the system prompt (default: the protocol's own).
     *
     * @param s the system prompt, or null for the default
     * @return this builder
     */
    public Builder systemPrompt(String s) { this.systemPrompt = s; return this; }
    /**
     * With {@link Protocol#TEXT}: send tool results as {@code tool} messages (what vLLM's chat
     * templates for the Arctic-AWM models expect) instead of {@code Tool response:} user messages
     * (what other OpenAI-compatible servers take without native tool calls). Off by default.
     *
     * @param b true for {@code tool} messages
     * @return this builder
     */
    public Builder toolMessages(boolean b) { this.toolMessages = b; return this; }
    /**
     * A further top-level field of every request body (e.g. vLLM's {@code min_tokens}).
     *
     * @param key the field's name; not null
     * @param value its value as a plain JSON value
     * @return this builder
     */
    public Builder extra(String key, Object value) { extraBody.put(Objects.requireNonNull(key), value); return this; }

    /**
     * {@link #referencePreset(boolean) referencePreset(true)}: the reference's settings for a vLLM server.
     *
     * @return this builder
     */
    public Builder referencePreset() { return referencePreset(true); }

    /**
     * The reference agent's settings ({@code awm/core/agent.py}: {@code Config} and
     * {@code generate_response}): the text protocol, temperature 1.0, 2048 completion tokens and
     * 30 iterations; with {@code vllm}, tool results as {@code tool} messages and vLLM's sampling
     * extras ({@code min_tokens} 16, {@code add_generation_prompt}, thinking on by
     * {@code chat_template_kwargs}); without, {@code Tool response:} user messages and no extras.
     * Later builder calls override any of these. See {@link Agent#referenceUsesVllm(String)}.
     *
     * @param vllm whether the model is served by vLLM
     * @return this builder
     */
    public Builder referencePreset(boolean vllm) {
      protocol(Protocol.TEXT).temperature(REFERENCE_TEMPERATURE).maxTokens(REFERENCE_MAX_TOKENS).maxIterations(REFERENCE_MAX_ITERATIONS);
      toolMessages(vllm);
      extraBody.clear();
      if (vllm) {
        extra("add_generation_prompt", true);
        extra("min_tokens", 16);
        extra("chat_template_kwargs", Map.of("enable_thinking", true));
      }
      return this;
    }

    /**
     * {@return the agent; the builder may be used again}
     *
     * @throws NullPointerException if the model is null
     */
    public Agent build() {
      return new Agent(this);
    }
  }
}
