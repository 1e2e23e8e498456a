package dev.awm.llm;

import java.util.List;
import java.util.Objects;

/**
 * One message of a chat: system, user, assistant (text and/or tool calls) or tool (a result).
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (null for an assistant message that only calls tools)
 * @param toolCalls the assistant's tool calls (empty otherwise)
 * @param toolCallId for a tool message, the id of the call it answers
 */
public record ChatMessage(String role, String content, List<ModelToolCall> toolCalls, String toolCallId) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static ChatMessage system(String text) {
    return new ChatMessage("system", text, List.of(), null);
  }

  public static ChatMessage user(String text) {
    return new ChatMessage("user", text, List.of(), null);
  }

  public static ChatMessage assistant(String text) {
    return new ChatMessage("assistant", text, List.of(), null);
  }

  /** An assistant message that calls tools (with optional text). */
  public static ChatMessage assistant(String text, List<ModelToolCall> calls) {
    return new ChatMessage("assistant", text, calls, null);
  }

  /** The result of tool call {@code toolCallId}. */
  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage("tool", content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"));
  }
}
