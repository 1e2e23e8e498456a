package dev.awm.llm;

/**
 * A model request failed. {@link #status()} is the HTTP status when the server answered (0
 * otherwise); {@link #retryable()} says whether it was a kind the client retries (and gave up on).
 */
public class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean retryable;
  private final String unsupportedParameter;

  public LlmException(String message, int status, boolean retryable, Throwable cause) {
    this(message, status, retryable, null, cause);
  }

  /**
   * @param unsupportedParameter the request parameter the server refused as unsupported (or its value), or null
   */
  public LlmException(String message, int status, boolean retryable, String unsupportedParameter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.unsupportedParameter = unsupportedParameter;
  }

  public LlmException(String message) {
    this(message, 0, false, null);
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }

  /**
   * The request parameter the server refused (HTTP 400, "unsupported parameter" or "unsupported
   * value", such as {@code temperature} or {@code max_tokens} for a reasoning model), or null.
   */
  public String unsupportedParameter() {
    return unsupportedParameter;
  }

  /**
   * Whether no request to the same server can succeed until someone fixes the setup: the key was
   * refused (401, 403), the model or endpoint does not exist (404), or nothing answers at the
   * address (connection refused, unknown host). A run stops at once on these.
   */
  public boolean stopsRun() {
    return status == 401 || status == 403 || status == 404 || status == 0 && getCause() instanceof java.net.ConnectException
        || status == 0 && getCause() instanceof java.net.UnknownHostException;
  }

  /** Whether asking again with the same request cannot help: a 4xx other than 408 and 429 (or {@link #stopsRun()}). */
  public boolean permanent() {
    return stopsRun() || status >= 400 && status < 500 && status != 408 && status != 429;
  }

  /** Whether the failure was transient (429, 5xx, connection, timeout). */
  public boolean retryable() {
    return retryable;
  }
}
