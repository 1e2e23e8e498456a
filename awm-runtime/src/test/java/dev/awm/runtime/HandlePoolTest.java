package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HandlePoolTest {
  private final Environment env = TestEnvironments.bookshop();

  @Test
  void reusesResetHandlesAndCounts() throws Exception {
    try (HandlePool pool = HandlePool.of(2, env)) {
      EnvironmentHandle h = pool.acquire("bookshop");
      h.callTool("update_email", Map.of("email", "pool@example.org"));
      h.callTool("get_book", Map.of("book_id", 99));
      pool.release(h);
      EnvironmentHandle again = pool.acquire("bookshop");
      assertThat(again).isSameAs(h);
      assertThat(again.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "reader@example.com");
      assertThat(pool.stats()).isEqualTo(new HandlePool.Stats(1, 0, 1, 2, 1));
      pool.release(again);
      assertThat(pool.stats().idle()).isEqualTo(1);
    }
  }

  @Test
  void groupsForGrpoStartFromTheInitialState() throws Exception {
    try (HandlePool pool = HandlePool.of(8, env)) {
      List<EnvironmentHandle> group = pool.group("bookshop", 4);
      assertThat(group).hasSize(4).doesNotHaveDuplicates();
      for (EnvironmentHandle h : group) assertThat(h.query("SELECT stock FROM books WHERE id = 1").get(0)).containsEntry("stock", 10L);
      group.get(0).callTool("create_order", Map.of("book_id", 1, "quantity", 2));
      assertThat(group.get(1).query("SELECT stock FROM books WHERE id = 1").get(0)).containsEntry("stock", 10L);
      pool.releaseAll(group);
      assertThat(pool.stats().live()).isEqualTo(4);
      assertThatThrownBy(() -> pool.group("bookshop", 9)).hasMessageContaining("does not fit a pool of 8");
    }
  }

  @Test
  void theBoundHoldsUnderContention() throws Exception {
    AtomicInteger inUse = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (HandlePool pool = HandlePool.of(3, env)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(threads.submit(() -> {
          EnvironmentHandle h = pool.acquire("bookshop");
          peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
          h.callTool("create_order", Map.of("book_id", 2, "quantity", 1));
          assertThat(h.query("SELECT stock FROM books WHERE id = 2").get(0)).containsEntry("stock", 3L);
          inUse.decrementAndGet();
          pool.release(h);
          return null;
        }));
      }
      for (Future<?> f : futures) f.get(30, TimeUnit.SECONDS);
      assertThat(peak.get()).isLessThanOrEqualTo(3);
      assertThat(pool.stats().live()).isLessThanOrEqualTo(3);
      assertThat(pool.stats().calls()).isEqualTo(40);
      EnvironmentHandle a = pool.acquire("bookshop");
      EnvironmentHandle b = pool.acquire("bookshop");
      EnvironmentHandle c = pool.acquire("bookshop");
      assertThatThrownBy(() -> pool.acquire("bookshop", Duration.ofMillis(50))).isInstanceOf(TimeoutException.class)
          .hasMessageContaining("all 3 handles");
      pool.releaseAll(List.of(a, b, c));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void mistakesAreNamed() throws Exception {
    try (HandlePool pool = HandlePool.of(1, env)) {
      assertThatThrownBy(() -> pool.acquire("bank")).hasMessageContaining("no environment 'bank' in this pool; it has [bookshop]");
      EnvironmentHandle stranger = env.newHandle();
      assertThatThrownBy(() -> pool.release(stranger)).hasMessageContaining("does not belong to the pool");
      stranger.close();
      EnvironmentHandle h = pool.acquire("bookshop");
      h.close();
      pool.release(h);
      assertThat(pool.stats().live()).isZero();
    }
  }
}
