package dev.awm.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pool of handles over one or many environments, for trainers. {@link #acquire} gives a
 * handle in its environment's initial state (a reused idle one, reset, or a new one), blocking
 * while the pool is at its bound; {@link #release} resets it and keeps it for the next episode.
 * {@link #group} gives N handles at once for a GRPO-style group of rollouts on one task.
 *
 * <p>Thread-safe. {@link #close()} closes the idle handles and every handle released afterwards.
 */
public final class HandlePool implements AutoCloseable {
  /**
   * Counters of a pool.
   *
   * @param live handles open now (idle plus in use)
   * @param idle handles waiting in the pool
   * @param resets resets done by the pool and by callers on its handles
   * @param calls tool calls made on the pool's handles
   * @param errors tool calls that returned an error result
   */
  public record Stats(int live, int idle, long resets, long calls, long errors) {}

  private final Map<String, Environment> environments;
  private final int maxHandles;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private final Map<String, Deque<EnvironmentHandle>> idle = new LinkedHashMap<>();
  private final java.util.Set<EnvironmentHandle> counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private int live;
  private long retiredResets, retiredCalls, retiredErrors;
  private boolean closed;

  private HandlePool(Map<String, Environment> environments, int maxHandles) {
    this.environments = Map.copyOf(environments);
    this.maxHandles = maxHandles;
    for (String name : environments.keySet()) idle.put(name, new ArrayDeque<>());
  }

  /**
   * A pool of at most {@code maxHandles} live handles over {@code environments}.
   *
   * @param maxHandles the most handles open at once, over all environments; at least 1
   * @param environments the environments, with distinct names; at least one
   * @return a new pool with no handles open
   * @throws IllegalArgumentException if {@code maxHandles} is less than 1, there is no environment, or a
   *     name is given twice
   */
  public static HandlePool of(int maxHandles, Environment... environments) {
    return of(maxHandles, List.of(environments));
  }

  /**
   * A pool of at most {@code maxHandles} live handles over {@code environments}.
   *
   * @param maxHandles the most handles open at once, over all environments; at least 1
   * @param environments the environments, with distinct names; at least one
   * @return a new pool with no handles open
   * @throws IllegalArgumentException if {@code maxHandles} is less than 1, there is no environment, or a
   *     name is given twice
   */
  public static HandlePool of(int maxHandles, List<Environment> environments) {
    if (maxHandles < 1) throw new IllegalArgumentException("maxHandles must be >= 1");
    if (environments.isEmpty()) throw new IllegalArgumentException("a pool needs at least one environment");
    Map<String, Environment> byName = new LinkedHashMap<>();
    for (Environment e : environments) {
      if (byName.put(e.name(), e) != null) throw new IllegalArgumentException("environment '" + e.name() + "' given twice");
    }
    return new HandlePool(byName, maxHandles);
  }

  /**
   * The names of the pool's environments.
   *
   * @return the environments' names, in the order given
   */
  public List<String> environments() {
    return List.copyOf(environments.keySet());
  }

  /**
   * A handle of {@code environment} in its initial state; waits while the pool is full.
   *
   * @param environment the environment's name
   * @return a reused or new handle; give it back with {@link #release}
   * @throws InterruptedException if the thread is interrupted while it waits
   * @throws IllegalArgumentException if the pool has no such environment
   * @throws IllegalStateException if the pool is closed
   */
  public EnvironmentHandle acquire(String environment) throws InterruptedException {
    try {
      return acquire(environment, null);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A handle of {@code environment} in its initial state, waiting at most {@code timeout} for room.
   *
   * @param environment the environment's name
   * @param timeout how long to wait at most; null waits as long as it takes
   * @return a reused or new handle; give it back with {@link #release}
   * @throws TimeoutException if no handle could be had in time (the message says the bound)
   * @throws IllegalArgumentException naming the pool's environments if {@code environment} is not one
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public EnvironmentHandle acquire(String environment, Duration timeout) throws InterruptedException, TimeoutException {
    Environment env = environments.get(environment);
    if (env == null) throw new IllegalArgumentException("no environment '" + environment + "' in this pool; it has " + environments.keySet());
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        if (closed) throw new IllegalStateException("the pool is closed");
        EnvironmentHandle reused = idle.get(environment).poll();
        if (reused != null) return reused;
        if (live < maxHandles) {
          live++;
          break;
        }
        if (!evictIdleOtherThan(environment)) {
          long left = deadline - System.nanoTime();
          if (timeout != null && left <= 0) throw new TimeoutException("all " + maxHandles + " handles of the pool are in use");
          if (timeout == null) freed.await();
          else freed.awaitNanos(left);
        }
      }
    } finally {
      lock.unlock();
    }
    try {
      EnvironmentHandle h = env.newHandle();
      lock.lock();
      try {
        counted.add(h);
      } finally {
        lock.unlock();
      }
      return h;
    } catch (RuntimeException e) {
      lock.lock();
      try {
        live--;
        freed.signal();
      } finally {
        lock.unlock();
      }
      throw e;
    }
  }

  /**
   * {@code n} handles of {@code environment}, each in the initial state: one GRPO group.
   *
   * @param environment the environment's name
   * @param n how many handles; at most the pool's size
   * @return the handles, to give back with {@link #releaseAll}
   * @throws InterruptedException if the thread is interrupted while it waits
   * @throws IllegalArgumentException if {@code n} is larger than the pool
   */
  public List<EnvironmentHandle> group(String environment, int n) throws InterruptedException {
    if (n > maxHandles) throw new IllegalArgumentException("a group of " + n + " does not fit a pool of " + maxHandles);
    List<EnvironmentHandle> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(acquire(environment));
    return out;
  }

  /**
   * Resets {@code handle} and keeps it for reuse (a closed handle is dropped).
   *
   * @param handle a handle acquired from this pool
   * @throws IllegalArgumentException if the handle does not belong to the pool
   */
  public void release(EnvironmentHandle handle) {
    Objects.requireNonNull(handle, "handle");
    boolean reuse = !handle.isClosed();
    if (reuse) {
      try {
        handle.reset();
      } catch (RuntimeException e) {
        handle.close();
        reuse = false;
      }
    }
    lock.lock();
    try {
      if (!counted.contains(handle)) throw new IllegalArgumentException("this handle does not belong to the pool");
      if (reuse && !closed) {
        idle.get(handle.environment().name()).push(handle);
      } else {
        retire(handle);
        handle.close();
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Releases every handle of {@code handles}.
   *
   * @param handles handles acquired from this pool
   */
  public void releaseAll(List<EnvironmentHandle> handles) {
    for (EnvironmentHandle h : handles) release(h);
  }

  /**
   * The pool's counters now.
   *
   * @return a snapshot of the counters
   */
  public Stats stats() {
    lock.lock();
    try {
      long resets = retiredResets, calls = retiredCalls, errors = retiredErrors;
      for (EnvironmentHandle h : counted) {
        resets += h.resets();
        calls += h.calls();
        errors += h.errors();
      }
      int idleCount = 0;
      for (Deque<EnvironmentHandle> q : idle.values()) idleCount += q.size();
      return new Stats(live, idleCount, resets, calls, errors);
    } finally {
      lock.unlock();
    }
  }

  /** Closes the idle handles; handles in use are closed when released. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      for (Deque<EnvironmentHandle> q : idle.values()) {
        for (EnvironmentHandle h : q) {
          retire(h);
          h.close();
        }
        q.clear();
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** When the pool is full of idle handles of other environments, one of them makes room. */
  private boolean evictIdleOtherThan(String environment) {
    for (Map.Entry<String, Deque<EnvironmentHandle>> e : idle.entrySet()) {
      if (e.getKey().equals(environment)) continue;
      EnvironmentHandle h = e.getValue().pollLast();
      if (h != null) {
        retire(h);
        h.close();
        return true;
      }
    }
    return false;
  }

  private void retire(EnvironmentHandle h) {
    counted.remove(h);
    retiredResets += h.resets();
    retiredCalls += h.calls();
    retiredErrors += h.errors();
    live--;
  }
}
