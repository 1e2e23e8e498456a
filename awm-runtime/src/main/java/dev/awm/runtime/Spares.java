package dev.awm.runtime;

import java.lang.ref.Cleaner;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of an environment's closed handles, kept in the initial state for the next
 * handle or fork (most recently closed first), at most {@code capacity} of them. Thread-safe. They
 * are closed when the environment becomes unreachable, or by {@link #closeAll()}.
 */
final class Spares {
  private static final Cleaner CLEANER = Cleaner.create();

  private final ConcurrentLinkedDeque<HandleConnection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;

  private Spares(int capacity) {
    this.capacity = capacity;
  }

  /** Spares for {@code owner}, closed once {@code owner} is unreachable. */
  static Spares of(Object owner, int capacity) {
    Spares s = new Spares(capacity);
    CLEANER.register(owner, s::closeAll);
    return s;
  }

  /** A spare connection, or null. */
  HandleConnection poll() {
    HandleConnection c = idle.pollFirst();
    if (c != null) size.decrementAndGet();
    return c;
  }

  /** Keeps {@code c} if there is room; false (the caller closes it) when there is not. */
  boolean offer(HandleConnection c) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    idle.addFirst(c);
    return true;
  }

  int size() {
    return size.get();
  }

  /** Closes every spare. */
  void closeAll() {
    for (HandleConnection c = poll(); c != null; c = poll()) c.close();
  }
}
