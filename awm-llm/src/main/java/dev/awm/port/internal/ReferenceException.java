package dev.awm.port.internal;

/** The reference's Python side failed: its app did not start, a call could not be made, a verifier run broke. */
public final class ReferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReferenceException(String message) {
    super(message);
  }

  public ReferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
