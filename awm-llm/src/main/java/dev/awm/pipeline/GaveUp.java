package dev.awm.pipeline;

/** A stage of one scenario failed after all its retries; the message is the last reason. */
final class GaveUp extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GaveUp(String message) {
    super(message, null, false, false);
  }
}
