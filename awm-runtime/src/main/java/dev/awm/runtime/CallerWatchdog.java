package dev.awm.runtime;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs generated code on the caller's thread ({@link Isolation#CALLER_THREAD}). A run costs two
 * set operations and a thread-local; one shared daemon thread looks at the runs every
 * {@value #PERIOD_MILLIS} ms and cancels those past their deadline or memory limit (the same
 * cancellation as on a worker: {@link SandboxTick} throws, SQLite aborts). Nothing can free a
 * caller stuck in a library call; the run then ends when that call returns, reported as cut off.
 */
final class CallerWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(CallerWatchdog.class);
  static final int PERIOD_MILLIS = 5;
  private static final int RUNNING = 0, DONE = 1, CANCELLED = 2;
  private static final ThreadLocal<Run> CURRENT = new ThreadLocal<>();
  private static final Set<Run> ACTIVE = ConcurrentHashMap.newKeySet();
  private static volatile Thread thread;

  private CallerWatchdog() {}

  /** One run on a caller's thread. */
  private static final class Run {
    final long deadline;
    final long maxAllocatedBytes;
    final Runnable onCancel;
    final long threadId = Thread.currentThread().getId();
    final AtomicInteger state = new AtomicInteger(RUNNING);
    volatile Sandbox.Limit limit;
    long allocatedBase = -1;

    Run(long deadline, long maxAllocatedBytes, Runnable onCancel) {
      this.deadline = deadline;
      this.maxAllocatedBytes = maxAllocatedBytes;
      this.onCancel = onCancel;
    }
  }

  static <T> Sandbox.Outcome<T> run(long timeoutNanos, long maxAllocatedBytes, Callable<T> body, Runnable onCancel) {
    Run outer = CURRENT.get();
    Run run = new Run(System.nanoTime() + timeoutNanos, maxAllocatedBytes, onCancel);
    CURRENT.set(run);
    ACTIVE.add(run);
    if (thread == null) start();
    T value = null;
    Throwable thrown = null;
    try {
      value = body.call();
    } catch (Throwable t) {
      thrown = t;
    } finally {
      ACTIVE.remove(run);
      CURRENT.set(outer);
    }
    if (run.state.compareAndSet(RUNNING, DONE)) return new Sandbox.Outcome<>(value, thrown, null, true);
    return new Sandbox.Outcome<>(null, null, run.limit, true);
  }

  static boolean cancelledHere() {
    Run run = CURRENT.get();
    return run != null && run.state.get() == CANCELLED;
  }

  private static synchronized void start() {
    if (thread != null) return;
    Thread t = new Thread(CallerWatchdog::watch, "awm-sandbox-watchdog");
    t.setDaemon(true);
    t.start();
    thread = t;
  }

  private static void watch() {
    while (true) {
      LockSupport.parkNanos(PERIOD_MILLIS * 1_000_000L);
      try {
        long now = System.nanoTime();
        for (Run run : ACTIVE) check(run, now);
      } catch (RuntimeException | LinkageError e) {
        LOG.error("sandbox watchdog: {}", e.toString());
      }
    }
  }

  private static void check(Run run, long now) {
    Sandbox.Limit limit = null;
    if (now - run.deadline >= 0) {
      limit = Sandbox.Limit.TIME;
    } else if (Sandbox.ALLOCATION != null) {
      long allocated = Sandbox.ALLOCATION.getThreadAllocatedBytes(run.threadId);
      if (run.allocatedBase < 0) run.allocatedBase = allocated;
      else if (allocated - run.allocatedBase > run.maxAllocatedBytes) limit = Sandbox.Limit.MEMORY;
    }
    if (limit == null || run.state.get() != RUNNING) return;
    run.limit = limit;
    if (run.state.compareAndSet(RUNNING, CANCELLED)) run.onCancel.run();
  }
}
