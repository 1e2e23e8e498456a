package dev.awm.agent;

import dev.awm.core.JsonValues;
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
    /** {@code <tool_call>} blocks with {@code list_tools} and {@code call_tool}. */
    TEXT
  }

  private final ChatModel model;
  private final Protocol protocol;
  private final int maxIterations;
  private final Double temperature;
  private final Integer maxTokens;
  private final String systemPrompt;

  private Agent(Builder b) {
    this.model = Objects.requireNonNull(b.model, "model");
    this.protocol = b.protocol;
    this.maxIterations = b.maxIterations;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.systemPrompt = b.systemPrompt;
  }

  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /** Runs {@code task}; never throws for model or tool failures: the run says how it ended. */
  public AgentRun run(ToolSession session, String task) {
    List<ToolDescriptor> tools = session.listTools();
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(systemPrompt != null ? systemPrompt
        : protocol == Protocol.TEXT ? TextProtocol.systemPrompt()
        : "You are an assistant that completes the user's task in an application by calling its tools. "
            + "When the task is done, reply with the answer or a short summary and no tool call."));
    messages.add(ChatMessage.user(task));
    List<AgentStep> steps = new ArrayList<>();
    List<FunctionTool> functions = new ArrayList<>();
    if (protocol == Protocol.NATIVE) for (ToolDescriptor t : tools) functions.add(new FunctionTool(t.name(), t.description(), t.inputSchema()));
    for (int i = 1; i <= maxIterations; i++) {
      ChatRequest.Builder rb = ChatRequest.builder().messages(messages).tools(functions).purpose("stage", "agent")
          .purpose("iteration", Integer.toString(i));
      if (temperature != null) rb.temperature(temperature);
      if (maxTokens != null) rb.maxTokens(maxTokens);
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
      steps.add(new AgentStep(i, new ToolCall(c.name(), args), r));
      messages.add(ChatMessage.tool(c.id(), r.content()));
    }
    return true;
  }

  /** Runs the first {@code <tool_call>} of {@code reply}; false when it has none (a final answer). */
  private static boolean textTurn(ToolSession session, List<ToolDescriptor> tools, ChatResponse reply, List<ChatMessage> messages,
      List<AgentStep> steps, int i) {
    messages.add(ChatMessage.assistant(reply.text()));
    ToolCall call;
    try {
      call = TextProtocol.firstCall(reply.text());
    } catch (LlmException e) {
      messages.add(ChatMessage.user("Tool response:\nError: the <tool_call> could not be read: " + e.getMessage()));
      return true;
    }
    if (call == null) return false;
    String response;
    if (call.name().equals(TextProtocol.LIST_TOOLS)) {
      response = TextProtocol.toolList(tools);
      steps.add(new AgentStep(i, call, ToolResult.ok(TextProtocol.LIST_TOOLS, response)));
    } else {
      ToolResult r;
      ToolCall inner = null;
      try {
        inner = TextProtocol.inner(call);
        r = session.callTool(inner.name(), inner.arguments());
      } catch (RuntimeException e) {
        r = ToolResult.error(TextProtocol.CALL_TOOL, ToolResult.Kind.BAD_REQUEST, "call_tool: " + e.getMessage());
      }
      steps.add(new AgentStep(i, inner != null ? inner : call, r));
      response = r.isError() ? "Error: " + r.message() : r.content();
    }
    messages.add(ChatMessage.user("Tool response:\n" + response));
    return true;
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

    private Builder(ChatModel model) {
      this.model = model;
    }

    public Builder protocol(Protocol p) { this.protocol = Objects.requireNonNull(p); return this; }
    public Builder maxIterations(int n) {
      if (n < 1) throw new IllegalArgumentException("maxIterations must be >= 1");
      this.maxIterations = n;
      return this;
    }
    public Builder temperature(double t) { this.temperature = t; return this; }
    public Builder maxTokens(int n) { this.maxTokens = n; return this; }
    public Builder systemPrompt(String s) { this.systemPrompt = s; return this; }

    public Agent build() {
      return new Agent(this);
    }
  }
}
