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
  /**
   * Checks and normalizes the components.
   *
   * @param role the role; not null
   * @param content the text, or null
   * @param toolCalls the tool calls, copied; null means none
   * @param toolCallId the answered call's id, or null
   * @throws NullPointerException if {@code role} is null
   */
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * A system message: the instructions the model follows.
   *
   * @param text the instructions
   * @return the message
   */
  public static ChatMessage system(String text) {
    return new ChatMessage("system", text, List.of(), null);
  }

  /**
   * A user message: what the user says (for an agent, the task).
   *
   * @param text what the user says
   * @return the message
   */
  public static ChatMessage user(String text) {
    return new ChatMessage("user", text, List.of(), null);
  }

  /**
   * An assistant message with text only: what the model said.
   *
   * @param text what the model said
   * @return the message
   */
  public static ChatMessage assistant(String text) {
    return new ChatMessage("assistant", text, List.of(), null);
  }

  /**
   * An assistant message that calls tools (with optional text).
   *
   * @param text the text, or null when the message only calls tools
   * @param calls the tool calls, in order
   * @return the message
   */
  public static ChatMessage assistant(String text, List<ModelToolCall> calls) {
    return new ChatMessage("assistant", text, calls, null);
  }

  /**
   * The result of tool call {@code toolCallId}.
   *
   * @param toolCallId the id of the call answered; not null
   * @param content the tool's result as text (for an environment's tool, its JSON)
   * @return the message
   * @throws NullPointerException if {@code toolCallId} is null
   */
  public static ChatMessage tool(String toolCallId, String content) {
    return new ChatMessage("tool", content, List.of(), Objects.requireNonNull(toolCallId, "toolCallId"));
  }
}
