package dev.awm.runtime.api;

/** A statement failed or was refused; the message is SQLite's (or the refusal's) and names the cause. */
public class DbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DbException(String message) {
    super(message);
  }

  public DbException(String message, Throwable cause) {
    super(message, cause);
  }
}
