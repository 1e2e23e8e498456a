package dev.awm.runtime;

/**
 * An environment could not be built from its definition: a DDL statement failed, the tool code
 * does not compile or lacks a tool, or a part is missing. The message names the environment and
 * the cause; the synthesis pipeline feeds it back to the model.
 */
public class EnvironmentBuildException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The normalized name of the environment that failed. */
  private final String environment;

  /**
   * Reports that an environment could not be built.
   *
   * @param environment the normalized name of the environment
   * @param message what failed; the exception's message is {@code environment '<name>': <message>}
   */
  public EnvironmentBuildException(String environment, String message) {
    this(environment, message, null);
  }

  /**
   * Reports that an environment could not be built because of {@code cause}.
   *
   * @param environment the normalized name of the environment
   * @param message what failed; the exception's message is {@code environment '<name>': <message>}
   * @param cause the underlying failure, or null
   */
  public EnvironmentBuildException(String environment, String message, Throwable cause) {
    super("environment '" + environment + "': " + message, cause);
    this.environment = environment;
  }

  /** {@return the normalized name of the environment that failed} */
  public String environment() {
    return environment;
  }
}
