package dev.awm.runtime;

/**
 * Generated Java code does not compile. Carries where (the unit, line and column) and Janino's own
 * message, so that the pipeline can show the model exactly what to fix.
 */
public class CodeCompileException extends EnvironmentBuildException {
  private static final long serialVersionUID = 1L;
  /** The unit that failed (see {@link #unit()}). */
  private final String unit;
  /** The 1-based line of the error, or 0. */
  private final int line;
  /** The 1-based column of the error, or 0. */
  private final int column;
  /** The compiler's message without the location. */
  private final String detail;

  /**
   * Reports code that does not compile; the message reads
   * {@code environment 'NAME': UNIT does not compile: line L, column C: DETAIL}.
   *
   * @param environment the normalized name of the environment
   * @param unit the unit that failed, for example {@code tools} or {@code verifier 3}
   * @param line the 1-based line, or 0 when unknown
   * @param column the 1-based column, or 0 when unknown (the message then names the line only)
   * @param detail the compiler's message without the location
   * @param cause the compiler's exception, or null
   */
  public CodeCompileException(String environment, String unit, int line, int column, String detail, Throwable cause) {
    super(environment, unit + " does not compile: line " + line + (column > 0 ? ", column " + column : "") + ": " + detail, cause);
    this.unit = unit;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** {@return the unit that failed, for example {@code tools} or {@code verifier 3}} */
  public String unit() {
    return unit;
  }

  /** {@return 1-based line of the error, or 0 when unknown} */
  public int line() {
    return line;
  }

  /** {@return 1-based column of the error, or 0 when unknown (then the message names the line only)} */
  public int column() {
    return column;
  }

  /** {@return the compiler's message without the location} */
  public String detail() {
    return detail;
  }
}
