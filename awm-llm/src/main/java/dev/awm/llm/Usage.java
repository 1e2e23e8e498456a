package dev.awm.llm;

/** Token counts of one response ({@code usage}); zero when the server sent none. */
public record Usage(long promptTokens, long completionTokens) {
  public static final Usage NONE = new Usage(0, 0);

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
