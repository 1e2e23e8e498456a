package dev.awm.agent;

import dev.awm.core.ToolCall;
import dev.awm.runtime.ToolResult;

/**
 * One tool call the agent made and what came back.
 *
 * @param iteration the model turn it came from (1-based)
 * @param call the call
 * @param result the result
 * @param assistantText what the model wrote in that turn besides the call (may be empty)
 * @param callId the id of the call in the conversation ({@code call_3_0}, or the model's own)
 */
public record AgentStep(int iteration, ToolCall call, ToolResult result, String assistantText, String callId) {
  /**
   * Normalizes the components.
   *
   * @param iteration the model turn (1-based)
   * @param call the call
   * @param result the result
   * @param assistantText the turn's text; null becomes empty
   * @param callId the call's id; null becomes {@code call_ITERATION}
   */
  public AgentStep {
    assistantText = assistantText == null ? "" : assistantText;
    callId = callId == null ? "call_" + iteration : callId;
  }

  /**
   * A step without the turn's text, its call id made from the iteration.
   *
   * @param iteration the model turn (1-based)
   * @param call the call
   * @param result the result
   */
  public AgentStep(int iteration, ToolCall call, ToolResult result) {
    this(iteration, call, result, "", null);
  }
}
