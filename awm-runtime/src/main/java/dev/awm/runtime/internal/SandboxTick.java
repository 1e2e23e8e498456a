package dev.awm.runtime.internal;

/**
 * The cancellation point the compiler inserts into generated code: at the start of every method,
 * constructor, initializer, loop iteration, {@code catch} and {@code finally} block. When the run
 * it belongs to was cancelled (time or memory limit), it throws an error that generated code
 * cannot catch for good, since every handler starts with this check again. Outside a sandbox
 * run it does nothing. Not API, and not for use by hand: generated code cannot name it (it is
 * public only because the calls the compiler inserts must link).
 */
public final class SandboxTick {
  /** The internal name the bytecode check allows calls to. */
  public static final String OWNER = "dev/awm/runtime/internal/SandboxTick";
  private static final RuntimeAccess.Door DOOR = RuntimeAccess.door();

  private SandboxTick() {}

  /** Throws if the current sandbox run was cancelled; costs a thread check and a volatile read. */
  public static void check() {
    if (DOOR.cancelledHere()) throw DOOR.cancelled();
  }
}
