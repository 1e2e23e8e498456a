package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs generated code under a time and a memory limit, on a pooled worker thread
 * ({@link Isolation#WORKER_THREAD}) or on the caller's thread ({@link Isolation#CALLER_THREAD},
 * see {@link CallerWatchdog}).
 *
 * <p>On a worker, the caller hands a run to an idle worker and parks until the worker unparks it
 * (or, every 10 ms, to compare the worker's allocation with the limit); a worker with no run parks
 * until it is given one. Neither spins: under load the processors are left to the threads that have
 * work (spinning cost most of the processor time of a loaded MCP server, issue 15). The hand-off
 * costs two unparks; a tool that cannot get stuck ({@link PromptCode}) is run on the caller's thread
 * instead (see {@code EnvironmentHandle#callTool}). At the time limit (or the memory limit) the caller cancels the
 * run: the worker's flag makes every {@link SandboxTick} in the generated code throw, and {@code onCancel} makes SQLite abort the running statement. A run that does not
 * stop within a short grace period (it is stuck inside a library call, such as a catastrophic
 * regular expression, where no check is reached) is abandoned: the caller returns, the thread runs
 * on until that call returns, then rejoins the pool. Java offers no safe way to kill it. The grace
 * is counted in the worker's processor time, so that a worker a busy machine did not schedule in
 * time is not taken for a stuck one (see {@link #stuck}).
 */
final class Sandbox {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  static final Sandbox SHARED = new Sandbox();

  private static final long POLL_NANOS = 10_000_000;
  private static final long KEEP_ALIVE_NANOS = 60_000_000_000L;
  private static final int IDLE = 0, BUSY = 1, EXITED = 2;
  private static final int RUNNING = 0, DONE = 1, ABANDONED = 2;
  static final com.sun.management.ThreadMXBean ALLOCATION = allocationCounter();
  private static final java.lang.management.ThreadMXBean CPU_TIME = cpuTimer();
  /** How long a cancelled worker that does not get the processor is waited for at most (see {@link #stuck}). */
  private static final long MAX_UNSCHEDULED_NANOS = 10_000_000_000L;

  /** Which limit stopped a run. */
  enum Limit { TIME, MEMORY }

  /**
   * How a run ended: with a value, with {@code thrown}, or cut off by {@code limit} (then
   * {@code stopped} says whether the worker stopped, or was abandoned).
   */
  record Outcome<T>(T value, Throwable thrown, Limit limit, boolean stopped) {
    /** {@code ran longer than 300 ms (the time limit) and was stopped}, and the like. */
    String describeLimit(java.time.Duration timeout, long maxAllocatedBytes) {
      String what = limit == Limit.TIME
          ? "ran longer than " + timeout.toMillis() + " ms (the time limit)"
          : "allocated more than " + (maxAllocatedBytes >> 20) + " MiB (the memory limit)";
      return what + (stopped ? " and was stopped" : " and did not stop (it is stuck in a library call); its thread was abandoned");
    }
  }

  private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
  private final AtomicLong names = new AtomicLong();
  private final AtomicInteger stuck = new AtomicInteger();
  private final AtomicLong abandonedTotal = new AtomicLong();

  /**
   * Runs {@code body} under the limits, where {@code isolation} says. Whatever {@code body} throws
   * is returned in the outcome (it may come from generated code: do not call its methods outside a
   * run). {@code onCancel} runs when a limit is hit, before the run is given up on.
   */
  static <T> Outcome<T> run(Isolation isolation, long timeoutNanos, long maxAllocatedBytes, Callable<T> body,
      Runnable onCancel) {
    return isolation == Isolation.CALLER_THREAD
        ? CallerWatchdog.run(timeoutNanos, maxAllocatedBytes, body, onCancel)
        : SHARED.runOnWorker(timeoutNanos, maxAllocatedBytes, body, onCancel);
  }

  /** Whether the run on the current thread was cancelled (what {@link SandboxTick} asks). */
  static boolean cancelledHere() {
    Thread t = Thread.currentThread();
    return t instanceof Worker ? ((Worker) t).cancelled : CallerWatchdog.cancelledHere();
  }

  /** Runs {@code body} on a worker and waits at most {@code timeoutNanos} plus a grace period. */
  <T> Outcome<T> runOnWorker(long timeoutNanos, long maxAllocatedBytes, Callable<T> body, Runnable onCancel) {
    Task task = new Task(body, Thread.currentThread());
    Worker worker = acquire();
    long start = System.nanoTime();
    worker.assign(task);
    long deadline = start + timeoutNanos;
    Limit limit = null;
    boolean first = true;
    while (task.state == RUNNING) {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        limit = Limit.TIME;
        break;
      }
      // the worker notes its allocation when the run starts; reading another thread's costs more than a short call
      long base = task.allocatedBase;
      if (!first && ALLOCATION != null && base >= 0
          && ALLOCATION.getThreadAllocatedBytes(worker.getId()) - base > maxAllocatedBytes) {
        limit = Limit.MEMORY;
        break;
      }
      first = false;
      LockSupport.parkNanos(this, Math.min(deadline - now, POLL_NANOS));
    }
    if (limit == null) return task.outcome();

    worker.cancelled = true;
    onCancel.run();
    long grace = grace(timeoutNanos);
    long cancelledAt = System.nanoTime();
    long cpuAtCancel = cpuTime(worker);
    while (task.state == RUNNING && !stuck(worker, grace, cancelledAt, cpuAtCancel)) {
      LockSupport.parkNanos(this, 1_000_000);
    }
    if (task.state == DONE || !Task.STATE.compareAndSet(task, RUNNING, ABANDONED)) {
      return new Outcome<>(null, null, limit, true);
    }
    stuck.incrementAndGet();
    long total = abandonedTotal.incrementAndGet();
    LOG.warn("sandbox: a run of generated code did not stop after its {} limit; thread {} abandoned "
        + "({} stuck now, {} in all)", limit == Limit.TIME ? "time" : "memory", worker.getName(), stuck.get(), total);
    return new Outcome<>(null, null, limit, false);
  }

  /**
   * How long a cancelled run gets to unwind before it is abandoned: a quarter of its limit, between
   * 100 and 500 ms, counted in processor time of the worker where the JVM can measure it (see
   * {@link #stuck}).
   */
  static long grace(long timeoutNanos) {
    return Math.max(100_000_000L, Math.min(500_000_000L, timeoutNanos / 4));
  }

  /**
   * Whether a cancelled run that has not ended is stuck, and is to be abandoned. Not before the grace
   * has passed. Then, where the JVM measures each thread's processor time: when the worker has
   * used the grace's worth of processor time since the cancellation (it ran, and did not reach a
   * check: it is stuck in a library call), or when it waited, not running, for
   * {@value #MAX_UNSCHEDULED_NANOS} ns (it is blocked, say in I/O of a host tool). A worker that
   * merely was not scheduled (a busy machine) is waited for, so that a run that can stop is
   * reported as stopped however loaded the machine is. Without that measure: after the grace.
   */
  private static boolean stuck(Worker worker, long grace, long cancelledAt, long cpuAtCancel) {
    long waited = System.nanoTime() - cancelledAt;
    if (waited < grace) return false;
    if (cpuAtCancel < 0) return true;
    long cpu = cpuTime(worker);
    return cpu < 0 || cpu - cpuAtCancel >= grace || waited >= MAX_UNSCHEDULED_NANOS;
  }

  /** The processor time {@code t} has used, in ns; -1 where the JVM does not measure it. */
  private static long cpuTime(Thread t) {
    return CPU_TIME == null ? -1 : CPU_TIME.getThreadCpuTime(t.getId());
  }

  /** Workers abandoned and still running. */
  int stuckThreads() {
    return stuck.get();
  }

  /** Workers abandoned since the start. */
  long abandonedTotal() {
    return abandonedTotal.get();
  }

  private Worker acquire() {
    Worker w;
    while ((w = idle.pollFirst()) != null) {
      if (w.state.compareAndSet(IDLE, BUSY)) return w;
    }
    w = new Worker(this, "awm-sandbox-" + names.incrementAndGet());
    w.start();
    return w;
  }

  private static java.lang.management.ThreadMXBean cpuTimer() {
    try {
      java.lang.management.ThreadMXBean b = ManagementFactory.getThreadMXBean();
      if (b.isThreadCpuTimeSupported() && b.isThreadCpuTimeEnabled()) return b;
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("no per-thread processor time: {}", e.toString());
    }
    LOG.info("sandbox: this JVM does not measure processor time per thread; a cancelled run is abandoned after its grace in wall-clock time");
    return null;
  }

  private static com.sun.management.ThreadMXBean allocationCounter() {
    try {
      if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
          && b.isThreadAllocatedMemorySupported() && b.isThreadAllocatedMemoryEnabled()) {
        return b;
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("no per-thread allocation counter: {}", e.toString());
    }
    LOG.info("sandbox: this JVM does not count allocation per thread; the memory limit is not enforced");
    return null;
  }

  /** One run handed to a worker. */
  private static final class Task {
    static final java.lang.invoke.VarHandle STATE;

    static {
      try {
        STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Task.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Callable<?> body;
    final Thread caller;
    volatile int state = RUNNING;
    volatile long allocatedBase = -1;
    Object value;
    Throwable thrown;

    Task(Callable<?> body, Thread caller) {
      this.body = body;
      this.caller = caller;
    }

    @SuppressWarnings("unchecked")
    <T> Outcome<T> outcome() {
      return new Outcome<>((T) value, thrown, null, true);
    }
  }

  /** A pooled thread that runs generated code; {@link SandboxTick} reads its flag. */
  static final class Worker extends Thread {
    volatile boolean cancelled;
    private final Sandbox pool;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private volatile Task task;
    private volatile boolean parked;

    Worker(Sandbox pool, String name) {
      super(name);
      this.pool = pool;
      setDaemon(true);
      setContextClassLoader(Sandbox.class.getClassLoader());
    }

    void assign(Task t) {
      cancelled = false;
      task = t;
      if (parked) LockSupport.unpark(this);
    }

    @Override
    public void run() {
      Task t;
      while ((t = awaitTask()) != null) {
        if (ALLOCATION != null) t.allocatedBase = ALLOCATION.getCurrentThreadAllocatedBytes();
        try {
          t.value = t.body.call();
        } catch (Throwable e) {
          t.thrown = e;
        }
        task = null;
        state.set(IDLE);
        pool.idle.addFirst(this);
        if (Task.STATE.compareAndSet(t, RUNNING, DONE)) {
          LockSupport.unpark(t.caller);
        } else {
          pool.stuck.decrementAndGet();
          LOG.info("sandbox: abandoned thread {} finished its run and is back in the pool", getName());
        }
      }
    }

    private Task awaitTask() {
      Task t;
      parked = true;
      try {
        long idleEnd = System.nanoTime() + KEEP_ALIVE_NANOS;
        while ((t = task) == null) {
          long left = idleEnd - System.nanoTime();
          if (left <= 0 && state.compareAndSet(IDLE, EXITED)) {
            pool.idle.remove(this);
            return null;
          }
          LockSupport.parkNanos(this, left <= 0 ? POLL_NANOS : left);
        }
        return t;
      } finally {
        parked = false;
      }
    }
  }
}
