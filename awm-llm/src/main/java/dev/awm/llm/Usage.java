package dev.awm.llm;

/**
 * Token counts of one response ({@code usage}); zero when the server sent none.
 *
 * @param promptTokens the tokens of the request's messages and tools, as the server counted them
 * @param completionTokens the tokens of the reply, as the server counted them
 */
public record Usage(long promptTokens, long completionTokens) {
  /** No tokens: the usage of a reply whose server reported none, or of a scripted reply. */
  public static final Usage NONE = new Usage(0, 0);

  /** {@return the prompt and completion tokens together} */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
