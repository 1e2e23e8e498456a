package dev.awm.pipeline;

import dev.awm.llm.LlmException;

/**
 * A synthesis run stopped at once because the model cannot be used until someone fixes the setup:
 * the key was refused, the model or endpoint does not exist, or nothing answers at the address
 * ({@link LlmException#stopsRun()}). The message says what to fix; the output directory keeps every
 * row finished before, and a rerun resumes from it.
 */
public final class PipelineStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PipelineStoppedException(LlmException cause) {
    super("synthesis stopped: " + cause.getMessage(), cause);
  }

  /** The model failure that stopped the run. */
  @Override
  public synchronized LlmException getCause() {
    return (LlmException) super.getCause();
  }
}
