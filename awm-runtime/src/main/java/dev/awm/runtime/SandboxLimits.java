package dev.awm.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits generated code runs under (set through {@link Environment.Builder}). Immutable.
 *
 * @param callTimeout how long one tool call may run (also the tool class's constructor and static
 *     initializers); default 5 s
 * @param verifierTimeout how long one verifier run may take; default 10 s
 * @param maxRows how many rows one query of generated code may return before it fails; default 10,000
 * @param maxResultChars how long the JSON text of a tool result (or of sql-mode evidence) may be;
 *     default 1,000,000 characters
 * @param maxAllocatedBytes how many bytes one call or verifier run may allocate on the Java heap
 *     (checked about every 10 ms while it runs, where the JVM can count it); default 512 MiB
 * @param maxValueBytes how many bytes one value bound to a writing statement of tool code may have
 *     (UTF-8 bytes of a string, length of a blob); default 1 MiB
 * @param maxWriteBytesPerCall how much one tool call may write: the values its writing statements
 *     bind together, and how much the database may grow during the call; default 8 MiB, at most
 *     16 MiB (a handle's database holds 64 MiB; see {@code WriteBudget})
 */
public record SandboxLimits(Duration callTimeout, Duration verifierTimeout, int maxRows, int maxResultChars,
    long maxAllocatedBytes, long maxValueBytes, long maxWriteBytesPerCall) {
  private static final long DEFAULT_VALUE_BYTES = 1L << 20;
  private static final long DEFAULT_CALL_WRITE_BYTES = 8L << 20;
  private static final long MAX_CALL_WRITE_BYTES = 16L << 20;
  private static final SandboxLimits DEFAULTS = new SandboxLimits(Duration.ofSeconds(5), Duration.ofSeconds(10), 10_000,
      1_000_000, 512L << 20, DEFAULT_VALUE_BYTES, DEFAULT_CALL_WRITE_BYTES);

  /**
   * Checks the limits.
   *
   * @param callTimeout positive, at most a day
   * @param verifierTimeout positive, at most a day
   * @param maxRows at least 1
   * @param maxResultChars at least 16
   * @param maxAllocatedBytes at least 1 MiB
   * @param maxValueBytes at least 1 KiB
   * @param maxWriteBytesPerCall between 1 KiB and 16 MiB
   * @throws NullPointerException if a timeout is null
   * @throws IllegalArgumentException naming the limit that is out of its range
   */
  public SandboxLimits {
    positive(Objects.requireNonNull(callTimeout, "callTimeout"), "callTimeout");
    positive(Objects.requireNonNull(verifierTimeout, "verifierTimeout"), "verifierTimeout");
    if (maxRows < 1) throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
    if (maxResultChars < 16) throw new IllegalArgumentException("maxResultChars must be at least 16, got " + maxResultChars);
    if (maxAllocatedBytes < 1 << 20) {
      throw new IllegalArgumentException("maxAllocatedBytes must be at least 1 MiB, got " + maxAllocatedBytes);
    }
    if (maxValueBytes < 1024) throw new IllegalArgumentException("maxValueBytes must be at least 1 KiB, got " + maxValueBytes);
    if (maxWriteBytesPerCall < 1024 || maxWriteBytesPerCall > MAX_CALL_WRITE_BYTES) {
      throw new IllegalArgumentException("maxWriteBytesPerCall must be between 1 KiB and 16 MiB, got " + maxWriteBytesPerCall);
    }
  }

  /**
   * Limits with the default write limits (1 MiB per value, 8 MiB per call).
   *
   * @param callTimeout how long one tool call may run; positive, at most a day
   * @param verifierTimeout how long one verifier run may take; positive, at most a day
   * @param maxRows how many rows one query may return; at least 1
   * @param maxResultChars how long a tool result's JSON text may be; at least 16
   * @param maxAllocatedBytes how many bytes one call or verifier run may allocate; at least 1 MiB
   * @throws IllegalArgumentException naming the limit that is out of its range
   */
  public SandboxLimits(Duration callTimeout, Duration verifierTimeout, int maxRows, int maxResultChars, long maxAllocatedBytes) {
    this(callTimeout, verifierTimeout, maxRows, maxResultChars, maxAllocatedBytes, DEFAULT_VALUE_BYTES, DEFAULT_CALL_WRITE_BYTES);
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    if (d.compareTo(Duration.ofDays(1)) > 0) throw new IllegalArgumentException(name + " must be at most a day, got " + d);
  }

  /**
   * {@return the defaults: 5 s per call, 10 s per verifier, 10,000 rows, 1,000,000 characters, 512 MiB, 1
   * MiB per value, 8 MiB per call}
   */
  public static SandboxLimits defaults() {
    return DEFAULTS;
  }

  SandboxLimits withCallTimeout(Duration d) {
    return new SandboxLimits(d, verifierTimeout, maxRows, maxResultChars, maxAllocatedBytes, maxValueBytes, maxWriteBytesPerCall);
  }

  SandboxLimits withVerifierTimeout(Duration d) {
    return new SandboxLimits(callTimeout, d, maxRows, maxResultChars, maxAllocatedBytes, maxValueBytes, maxWriteBytesPerCall);
  }

  SandboxLimits withMaxRows(int n) {
    return new SandboxLimits(callTimeout, verifierTimeout, n, maxResultChars, maxAllocatedBytes, maxValueBytes, maxWriteBytesPerCall);
  }

  SandboxLimits withMaxResultChars(int n) {
    return new SandboxLimits(callTimeout, verifierTimeout, maxRows, n, maxAllocatedBytes, maxValueBytes, maxWriteBytesPerCall);
  }

  SandboxLimits withMaxAllocatedBytes(long n) {
    return new SandboxLimits(callTimeout, verifierTimeout, maxRows, maxResultChars, n, maxValueBytes, maxWriteBytesPerCall);
  }

  SandboxLimits withMaxValueBytes(long n) {
    return new SandboxLimits(callTimeout, verifierTimeout, maxRows, maxResultChars, maxAllocatedBytes, n, maxWriteBytesPerCall);
  }

  SandboxLimits withMaxWriteBytesPerCall(long n) {
    return new SandboxLimits(callTimeout, verifierTimeout, maxRows, maxResultChars, maxAllocatedBytes, maxValueBytes, n);
  }
}
