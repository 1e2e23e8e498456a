package dev.awm.runtime;

/**
 * Generated Java code does not compile. Carries where (the unit, line and column) and Janino's own
 * message, so that the pipeline can show the model exactly what to fix.
 */
public class CodeCompileException extends EnvironmentBuildException {
  private static final long serialVersionUID = 1L;
  private final String unit;
  private final int line;
  private final int column;
  private final String detail;

  public CodeCompileException(String environment, String unit, int line, int column, String detail, Throwable cause) {
    super(environment, unit + " does not compile: line " + line + (column > 0 ? ", column " + column : "") + ": " + detail, cause);
    this.unit = unit;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** The unit that failed, for example {@code tools} or {@code verifier 3}. */
  public String unit() {
    return unit;
  }

  /** 1-based line of the error, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the error, or 0 when unknown (then the message names the line only). */
  public int column() {
    return column;
  }

  /** The compiler's message without the location. */
  public String detail() {
    return detail;
  }
}
