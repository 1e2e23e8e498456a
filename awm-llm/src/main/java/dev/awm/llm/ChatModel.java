package dev.awm.llm;

/**
 * Anything that answers chat requests: the HTTP client, the scripted model, a cache in front of
 * either. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ChatModel {
  /**
   * Answers {@code request}.
   *
   * @param request the request
   * @return the model's reply
   * @throws LlmException naming the cause (HTTP status and server message, timeout, unreadable reply)
   */
  ChatResponse chat(ChatRequest request);
}
