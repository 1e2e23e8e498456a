package dev.awm.mcp;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The front loop's watchdog ({@link FrontLoop}): the loop notes when each call on its thread starts
 * and ends; a call that runs longer than the stall time is abandoned, and {@code onStall} (on the
 * watchdog's thread) lets the loop go on in another thread while the held one finishes its call.
 * Looks every half of the stall time; after {@value #IDLE_LOOKS} looks in a row without a call it
 * parks until one starts, so that an idle server wakes nothing.
 */
final class LoopWatchdog {
  /** How many looks without a call before the watchdog parks until one starts (a second at the loop's stall time). */
  static final int IDLE_LOOKS = 40;
  private static final long ABANDONED = Long.MIN_VALUE;

  private final long stallNanos;
  private final BooleanSupplier open;
  private final Runnable onStall;
  private final Thread thread;
  /** When the call on the loop's thread started ({@link System#nanoTime()}), 0 when none runs, {@link #ABANDONED} once abandoned. */
  private final AtomicLong callSince = new AtomicLong();
  /** Whether the current thread is a loop thread the watchdog left to its call. */
  private final ThreadLocal<Boolean> abandoned = ThreadLocal.withInitial(() -> Boolean.FALSE);
  /** Whether the watchdog parks (or is about to) until a call starts. */
  private volatile boolean sleeping;

  /**
   * @param stallMillis how long a call may hold the loop's thread
   * @param open whether the loop still runs
   * @param onStall run on the watchdog's thread once a call is abandoned: the loop goes on in another thread
   */
  LoopWatchdog(String name, long stallMillis, BooleanSupplier open, Runnable onStall) {
    this.stallNanos = stallMillis * 1_000_000L;
    this.open = open;
    this.onStall = onStall;
    this.thread = new Thread(this::watch, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops the watchdog (a parked one too). */
  void close() {
    thread.interrupt();
  }

  /** Notes that a call starts on the loop's thread; returns its token for {@link #callEnds}. */
  long callStarts() {
    long t = System.nanoTime();
    if (t == 0 || t == ABANDONED) t = 1;
    callSince.set(t);
    // after the call is published: the watchdog either sees it before it parks, or is unparked here
    if (sleeping) LockSupport.unpark(thread);
    return t;
  }

  /**
   * Notes that the call started with {@code token} ended; false when it took so long that the loop
   * went on in another thread: the caller is then no loop thread any more (see {@link #abandoned()}).
   */
  boolean callEnds(long token) {
    if (callSince.compareAndSet(token, 0)) return true;
    abandoned.set(Boolean.TRUE);
    return false;
  }

  /** Whether the current thread was a loop thread that the watchdog left to a long call. */
  boolean abandoned() {
    return abandoned.get();
  }

  /** Whether the watchdog is parked until a call starts (for tests). */
  boolean asleep() {
    return sleeping && thread.getState() == Thread.State.WAITING;
  }

  private void watch() {
    int idle = 0;
    while (open.getAsBoolean()) {
      try {
        Thread.sleep(Math.max(1, stallNanos / 2_000_000L));
      } catch (InterruptedException e) {
        return;
      }
      long since = callSince.get();
      if (since == 0 || since == ABANDONED) {
        if (++idle >= IDLE_LOOKS) {
          idle = 0;
          sleepUntilACallStarts();
        }
        continue;
      }
      idle = 0;
      if (System.nanoTime() - since > stallNanos && open.getAsBoolean() && callSince.compareAndSet(since, ABANDONED)) onStall.run();
    }
  }

  /**
   * Parks until a call starts (or {@link #close()}). The flag is set before the call is looked at
   * again, and a call is published before the flag is read (both volatile): a call that starts
   * meanwhile is seen here or unparks the watchdog.
   */
  private void sleepUntilACallStarts() {
    sleeping = true;
    try {
      long since = callSince.get();
      if ((since == 0 || since == ABANDONED) && open.getAsBoolean()) LockSupport.park(this);
    } finally {
      sleeping = false;
    }
  }
}
