package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs generated code on the caller's thread ({@link Isolation#CALLER_THREAD}, and in
 * {@link Isolation#WORKER_THREAD} the calls of tools that cannot get stuck, see {@link PromptCode}).
 * A run costs a few field writes: each thread that runs generated code has a slot, registered once;
 * one shared daemon thread looks at the slots every {@value #PERIOD_MILLIS} ms and cancels the runs
 * past their deadline or memory limit (the same cancellation as on a worker: {@link SandboxTick}
 * throws, SQLite aborts). Nothing can free a caller stuck in a library call; the run then ends when
 * that call returns, reported as cut off. Slots of threads that ended are dropped.
 *
 * <p>When no run has been seen for {@value #IDLE_CHECKS} checks in a row (a second), the thread
 * parks until the next run starts, so that a process holding environments it does not use wakes
 * nothing: a run reads one volatile flag, and unparks the thread only when it sleeps.
 */
final class CallerWatchdog {
  private static final Logger LOG = LoggerFactory.getLogger(CallerWatchdog.class);
  static final int PERIOD_MILLIS = 5;
  /** How many checks in a row without a run before the thread parks until one starts. */
  static final int IDLE_CHECKS = 200;
  private static final int RUNNING = 0, DONE = 1, CANCELLED = 2;
  private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();
  private static final Queue<Slot> SLOTS = new ConcurrentLinkedQueue<>();
  private static volatile Thread thread;
  /** Whether the thread parks (or is about to) until a run starts. */
  private static volatile boolean sleeping;

  private CallerWatchdog() {}

  /** A thread that runs generated code, and its innermost run (null between runs). */
  private static final class Slot {
    final WeakReference<Thread> owner = new WeakReference<>(Thread.currentThread());
    final long threadId = Thread.currentThread().getId();
    volatile Run run;
  }

  /** One run on a caller's thread, inside {@code outer} (a run that started another). */
  private static final class Run {
    final Run outer;
    final long deadline;
    final long maxAllocatedBytes;
    final Runnable onCancel;
    final AtomicInteger state = new AtomicInteger(RUNNING);
    volatile Sandbox.Limit limit;
    long allocatedBase = -1;

    Run(Run outer, long deadline, long maxAllocatedBytes, Runnable onCancel) {
      this.outer = outer;
      this.deadline = deadline;
      this.maxAllocatedBytes = maxAllocatedBytes;
      this.onCancel = onCancel;
    }
  }

  static <T> Sandbox.Outcome<T> run(long timeoutNanos, long maxAllocatedBytes, Callable<T> body, Runnable onCancel) {
    Slot slot = SLOT.get();
    if (slot == null) slot = register();
    Run outer = slot.run;
    Run run = new Run(outer, System.nanoTime() + timeoutNanos, maxAllocatedBytes, onCancel);
    slot.run = run;
    // after the run is published: the thread either sees it before it parks, or is unparked here
    if (sleeping) LockSupport.unpark(thread);
    T value = null;
    Throwable thrown = null;
    try {
      value = body.call();
    } catch (Throwable t) {
      thrown = t;
    } finally {
      slot.run = outer;
    }
    if (run.state.compareAndSet(RUNNING, DONE)) return new Sandbox.Outcome<>(value, thrown, null, true);
    return new Sandbox.Outcome<>(null, null, run.limit, true);
  }

  static boolean cancelledHere() {
    Slot slot = SLOT.get();
    Run run = slot == null ? null : slot.run;
    return run != null && run.state.get() == CANCELLED;
  }

  private static Slot register() {
    Slot slot = new Slot();
    SLOT.set(slot);
    SLOTS.add(slot);
    if (thread == null) start();
    return slot;
  }

  private static synchronized void start() {
    if (thread != null) return;
    Thread t = new Thread(CallerWatchdog::watch, "awm-sandbox-watchdog");
    t.setDaemon(true);
    t.start();
    thread = t;
  }

  private static void watch() {
    int idle = 0;
    while (true) {
      LockSupport.parkNanos(PERIOD_MILLIS * 1_000_000L);
      boolean running = false;
      try {
        long now = System.nanoTime();
        for (Iterator<Slot> it = SLOTS.iterator(); it.hasNext(); ) {
          Slot slot = it.next();
          Thread owner = slot.owner.get();
          if (owner == null || !owner.isAlive()) {
            it.remove();
            continue;
          }
          for (Run run = slot.run; run != null; run = run.outer) {
            running = true;
            check(run, slot.threadId, now);
          }
        }
      } catch (RuntimeException | LinkageError e) {
        LOG.error("sandbox watchdog: {}", e.toString());
        running = true;
      }
      idle = running ? 0 : idle + 1;
      if (idle >= IDLE_CHECKS) {
        sleepUntilARunStarts();
        idle = 0;
      }
    }
  }

  /**
   * Parks until a run starts. The flag is set before the slots are looked at again, and a run is
   * published before the flag is read (both volatile): a run that starts meanwhile is seen here or
   * unparks the thread (a permit given before {@code park} makes it return at once). Whatever wakes
   * it, the thread then checks every period again for {@value #IDLE_CHECKS} checks at least, so that
   * a stream of short runs does not wake it once each.
   */
  private static void sleepUntilARunStarts() {
    sleeping = true;
    try {
      if (!anyRun()) LockSupport.park(CallerWatchdog.class);
    } finally {
      sleeping = false;
    }
  }

  private static boolean anyRun() {
    for (Slot slot : SLOTS) {
      if (slot.run != null) return true;
    }
    return false;
  }

  /** Whether the thread is parked until a run starts (for tests). */
  static boolean asleep() {
    Thread t = thread;
    return sleeping && t != null && t.getState() == Thread.State.WAITING;
  }

  private static void check(Run run, long threadId, long now) {
    Sandbox.Limit limit = null;
    if (now - run.deadline >= 0) {
      limit = Sandbox.Limit.TIME;
    } else if (Sandbox.ALLOCATION != null) {
      long allocated = Sandbox.ALLOCATION.getThreadAllocatedBytes(threadId);
      if (run.allocatedBase < 0) run.allocatedBase = allocated;
      else if (allocated - run.allocatedBase > run.maxAllocatedBytes) limit = Sandbox.Limit.MEMORY;
    }
    if (limit == null || run.state.get() != RUNNING) return;
    run.limit = limit;
    if (run.state.compareAndSet(RUNNING, CANCELLED)) run.onCancel.run();
  }
}
