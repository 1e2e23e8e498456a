package dev.awm.llm;

/** The wire format's pieces that tests of other packages need. */
public final class OpenAiClientTestSupport {
  private OpenAiClientTestSupport() {}

  /** A chat completion body whose reply is {@code content}. */
  public static String completion(String content) {
    return OpenAiClientTest.completion(content, 10, 5);
  }
}
