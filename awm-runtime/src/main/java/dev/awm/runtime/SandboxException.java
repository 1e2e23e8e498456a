package dev.awm.runtime;

/**
 * Generated code run through {@link EnvironmentHandle#inspect} went past a sandbox limit, or failed
 * in a way that cannot be described safely. The handle is unaffected: its database is as it was.
 */
public final class SandboxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What happened. */
  public enum Kind {
    /** The code ran past its time limit. */
    TIMEOUT,
    /** The code allocated more than its memory limit. */
    MEMORY,
    /** The code threw something of its own that escaped (only its class name is reported). */
    FAILED
  }

  private final Kind kind;

  public SandboxException(Kind kind, String message) {
    super(message);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /** What happened. */
  public Kind kind() {
    return kind;
  }
}
