package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;

/**
 * Thrown inside a cancelled sandbox run (by {@link SandboxTick} and by the database facade) to
 * unwind the generated code. An {@link Error} so that {@code catch (Exception e)} does not catch
 * it; generated code that catches {@code Throwable} meets another check at the top of its handler.
 */
final class SandboxCancelled extends Error {
  private static final long serialVersionUID = 1L;
  static final SandboxCancelled INSTANCE = new SandboxCancelled();

  private SandboxCancelled() {
    super("the run was cancelled by the sandbox", null, false, false);
  }
}
