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
  /**
   * A reply from a model (not replayed).
   *
   * @param content the text, or null when the model only called tools
   * @param toolCalls the tool calls; null means none
   * @param finishReason why the model stopped; null becomes empty
   * @param usage token counts; null becomes {@link Usage#NONE}
   * @param model the model that answered; null becomes empty
   */
  public ChatResponse(String content, List<ModelToolCall> toolCalls, String finishReason, Usage usage, String model) {
    this(content, toolCalls, finishReason, usage, model, false);
  }

  /**
   * Normalizes the components.
   *
   * @param content the text, or null
   * @param toolCalls the tool calls, copied; null means none
   * @param finishReason the finish reason; null becomes empty
   * @param usage the token counts; null becomes {@link Usage#NONE}
   * @param model the model's name; null becomes empty
   * @param replayed whether it was replayed from a recording
   */
  public ChatResponse {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    finishReason = finishReason == null ? "" : finishReason;
    usage = usage == null ? Usage.NONE : usage;
    model = model == null ? "" : model;
  }

  /**
   * A plain text reply (for scripted models and tests).
   *
   * @param content the text
   * @return a reply with finish reason {@code stop}, no tool calls and no usage
   */
  public static ChatResponse text(String content) {
    return new ChatResponse(content, List.of(), "stop", Usage.NONE, "");
  }

  /** {@return whether the reply was cut off at the token limit} */
  public boolean truncated() {
    return "length".equals(finishReason);
  }

  /**
   * The text, or empty.
   *
   * @return the text, or an empty string when there is none
   */
  public String text() {
    return content == null ? "" : content;
  }
}
