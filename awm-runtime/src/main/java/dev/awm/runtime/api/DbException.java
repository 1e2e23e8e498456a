package dev.awm.runtime.api;

/** A statement failed or was refused; the message is SQLite's (or the refusal's) and names the cause. */
public class DbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failed or refused statement.
   *
   * @param message SQLite's message, or why the statement was refused
   */
  public DbException(String message) {
    super(message);
  }

  /**
   * A failed statement, with SQLite's exception.
   *
   * @param message SQLite's message
   * @param cause the driver's exception
   */
  public DbException(String message, Throwable cause) {
    super(message, cause);
  }
}
