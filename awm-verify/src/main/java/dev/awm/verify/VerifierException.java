package dev.awm.verify;

/** A verifier failed to give a verdict: it threw, returned null, or could not be run. */
public class VerifierException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Reports a verifier that gave no verdict.
   *
   * @param message what failed, naming the task
   * @param cause the verifier's exception, or null
   */
  public VerifierException(String message, Throwable cause) {
    super(message, cause);
  }
}
