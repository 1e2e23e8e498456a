package dev.awm.runtime.internal;

import java.time.Duration;
import java.util.List;

/**
 * The runtime's door for its own other packages and modules (awm-verify): what they need of
 * package-private runtime classes, without making those classes API. Installed once, by
 * {@code dev.awm.runtime}, when its classes initialize. Not API.
 */
public final class RuntimeAccess {
  /** What the runtime lends to its internal packages. */
  public interface Door {
    /** Whether the sandbox run on the current thread was cancelled. */
    boolean cancelledHere();

    /** The error that unwinds a cancelled run. */
    Error cancelled();

    /**
     * Compiles one verifier unit under the verifier policy (the tool code's plus
     * {@code dev.awm.verify.api.Verdict}), its static initializers under the given limits.
     */
    List<Class<?>> compileVerifier(String environment, String unit, String source, Duration initTimeout, long maxAllocatedBytes);

    /**
     * The code-mode verifier unit compiled from {@code code} when {@code environment} was built
     * (by {@code EnvironmentBuilder}, which compiles a task's verifier to fail early), or null.
     */
    VerifierUnit compiledVerifier(dev.awm.runtime.Environment environment, dev.awm.core.VerifierCode code);

    /**
     * Whether {@code tool} is a tool of {@code environment} whose calls run on the caller's thread
     * (generated code that returns promptly, or an environment isolated on the caller's thread), so
     * that a caller that must not wait long may make them inline.
     */
    boolean runsOnCaller(dev.awm.runtime.Environment environment, String tool);
  }

  private static volatile Door door;

  private RuntimeAccess() {}

  /**
   * Installs the runtime's door; called once by the runtime itself.
   *
   * @throws IllegalStateException if one is installed already
   */
  public static synchronized void install(Door d) {
    if (door != null) throw new IllegalStateException("the runtime's door is installed already");
    door = java.util.Objects.requireNonNull(d, "door");
  }

  /** The runtime's door, initializing the runtime if it has not been yet. */
  public static Door door() {
    Door d = door;
    if (d != null) return d;
    try {
      Class.forName("dev.awm.runtime.InternalDoor", true, RuntimeAccess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("awm-runtime is incomplete: " + e, e);
    }
    return door;
  }
}
