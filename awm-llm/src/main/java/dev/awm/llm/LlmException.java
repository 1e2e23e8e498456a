package dev.awm.llm;

/**
 * A model request failed. {@link #status()} is the HTTP status when the server answered (0
 * otherwise); {@link #retryable()} says whether it was a kind the client retries (and gave up on).
 */
public class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean retryable;

  public LlmException(String message, int status, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
  }

  public LlmException(String message) {
    this(message, 0, false, null);
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }

  /** Whether the failure was transient (429, 5xx, connection, timeout). */
  public boolean retryable() {
    return retryable;
  }
}
