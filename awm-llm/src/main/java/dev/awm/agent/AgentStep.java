package dev.awm.agent;

import dev.awm.core.ToolCall;
import dev.awm.runtime.ToolResult;

/**
 * One tool call the agent made and what came back.
 *
 * @param iteration the model turn it came from (1-based)
 * @param call the call
 * @param result the result
 */
public record AgentStep(int iteration, ToolCall call, ToolResult result) {}
