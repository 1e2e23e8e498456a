package dev.awm.runtime;

/**
 * An environment could not be built from its definition: a DDL statement failed, the tool code
 * does not compile or lacks a tool, or a part is missing. The message names the environment and
 * the cause; the synthesis pipeline feeds it back to the model.
 */
public class EnvironmentBuildException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String environment;

  public EnvironmentBuildException(String environment, String message) {
    this(environment, message, null);
  }

  public EnvironmentBuildException(String environment, String message, Throwable cause) {
    super("environment '" + environment + "': " + message, cause);
    this.environment = environment;
  }

  /** The normalized name of the environment that failed. */
  public String environment() {
    return environment;
  }
}
