package dev.awm.llm;

import java.util.List;

/**
 * The model's reply: text and/or tool calls, why it stopped, and the tokens it cost.
 *
 * @param content the text (may be null when the model only called tools)
 * @param toolCalls the tool calls (empty when none)
 * @param finishReason {@code stop}, {@code length} (cut off at the token limit), {@code tool_calls}, ...
 * @param usage token counts
 * @param model the model that answered, as the server named it
 * @param replayed whether it was replayed from a recording ({@link CachingChatModel}) rather than
 *     asked of a model: it cost no request and its usage is the recorded one
 */
public record ChatResponse(String content, List<ModelToolCall> toolCalls, String finishReason, Usage usage, String model,
    boolean replayed) {
  /** A reply from a model (not replayed). */
  public ChatResponse(String content, List<ModelToolCall> toolCalls, String finishReason, Usage usage, String model) {
    this(content, toolCalls, finishReason, usage, model, false);
  }

  public ChatResponse {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    finishReason = finishReason == null ? "" : finishReason;
    usage = usage == null ? Usage.NONE : usage;
    model = model == null ? "" : model;
  }

  /** A plain text reply (for scripted models and tests). */
  public static ChatResponse text(String content) {
    return new ChatResponse(content, List.of(), "stop", Usage.NONE, "");
  }

  /** Whether the reply was cut off at the token limit. */
  public boolean truncated() {
    return "length".equals(finishReason);
  }

  /** The text, or empty. */
  public String text() {
    return content == null ? "" : content;
  }
}
