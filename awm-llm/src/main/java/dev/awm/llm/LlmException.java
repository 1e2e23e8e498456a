package dev.awm.llm;

/**
 * A model request failed. {@link #status()} is the HTTP status when the server answered (0
 * otherwise); {@link #retryable()} says whether it was a kind the client retries (and gave up on).
 */
public class LlmException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The HTTP status, or 0. */
  private final int status;
  /** Whether the failure was transient. */
  private final boolean retryable;
  /** The parameter the server refused as unsupported, or null. */
  private final String unsupportedParameter;

  /**
   * A failed request.
   *
   * @param message what failed, naming the cause
   * @param status the HTTP status, or 0 when there was no response
   * @param retryable whether the failure was transient (the client retried it and gave up)
   * @param cause the underlying exception, or null
   */
  public LlmException(String message, int status, boolean retryable, Throwable cause) {
    this(message, status, retryable, null, cause);
  }

  /**
   * A failed request, naming the parameter the server refused if it refused one.
   *
   * @param message what failed, naming the cause
   * @param status the HTTP status, or 0 when there was no response
   * @param retryable whether the failure was transient (the client retried it and gave up)
   * @param unsupportedParameter the request parameter the server refused as unsupported (or its value), or null
   * @param cause the underlying exception, or null
   */
  public LlmException(String message, int status, boolean retryable, String unsupportedParameter, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.unsupportedParameter = unsupportedParameter;
  }

  /**
   * A failure with no HTTP status, not retryable.
   *
   * @param message what failed, naming the cause
   */
  public LlmException(String message) {
    this(message, 0, false, null);
  }

  /** {@return the HTTP status, or 0 when there was no response} */
  public int status() {
    return status;
  }

  /**
   * The request parameter the server refused (HTTP 400, "unsupported parameter" or "unsupported
   * value", such as {@code temperature} or {@code max_tokens} for a reasoning model), or null.
   *
   * @return the parameter's name (or value), or null
   */
  public String unsupportedParameter() {
    return unsupportedParameter;
  }

  /**
   * Whether no request to the same server can succeed until someone fixes the setup: the key was
   * refused (401, 403), the model or endpoint does not exist (404), or nothing answers at the
   * address (connection refused, unknown host). A run stops at once on these.
   *
   * @return true for 401, 403, 404, a refused connection or an unknown host
   */
  public boolean stopsRun() {
    return status == 401 || status == 403 || status == 404 || status == 0 && getCause() instanceof java.net.ConnectException
        || status == 0 && getCause() instanceof java.net.UnknownHostException;
  }

  /**
   * {@return whether asking again with the same request cannot help: a 4xx other than 408 and 429 (or
   * {@link #stopsRun()})}
   */
  public boolean permanent() {
    return stopsRun() || status >= 400 && status < 500 && status != 408 && status != 429;
  }

  /** {@return whether the failure was transient (429, 5xx, connection, timeout)} */
  public boolean retryable() {
    return retryable;
  }
}
