package dev.awm.runtime.api;

/**
 * Thrown by tool code for a failure the agent should read, for example
 * {@code throw new ToolError("order 42 not found")}. The call returns an error result with this
 * message and everything the call wrote is rolled back.
 */
public class ToolError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal whose message the agent reads (no stack trace is kept).
   *
   * @param message what is wrong with the request, for example {@code order 42 not found}
   */
  public ToolError(String message) {
    super(message, null, false, false);
  }
}
