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

  /** What happened. */
  private final Kind kind;

  /**
   * Reports generated code stopped at a limit or failed.
   *
   * @param kind what happened; not null
   * @param message what ran and what happened (the limit passed, or the class of what the code threw)
   */
  public SandboxException(Kind kind, String message) {
    super(message);
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /**
   * What happened.
   *
   * @return the limit passed, or {@link Kind#FAILED} for a failure of the code's own
   */
  public Kind kind() {
    return kind;
  }
}
