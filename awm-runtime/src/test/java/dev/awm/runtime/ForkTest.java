package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ForkTest {
  private final Environment env = TestEnvironments.bookshop();

  private static Object stock(EnvironmentHandle h, int book) {
    return h.query("SELECT stock FROM books WHERE id = ?", book).get(0).get("stock");
  }

  @Test
  void aForkStartsFromTheCurrentStateAndGoesItsOwnWay() {
    int before = env.liveHandles();
    try (EnvironmentHandle parent = env.newHandle()) {
      assertThat(parent.callTool("create_order", Map.of("book_id", 1, "quantity", 3)).isError()).isFalse();
      try (EnvironmentHandle child = parent.fork()) {
        assertThat(env.liveHandles()).isEqualTo(before + 2);
        assertThat(stock(child, 1)).isEqualTo(7L);
        assertThat(child.query("SELECT COUNT(*) AS n FROM orders").get(0)).containsEntry("n", 4L);
        // independent from here on
        child.callTool("create_order", Map.of("book_id", 1, "quantity", 2));
        parent.callTool("cancel_order", Map.of("order_id", 2));
        assertThat(stock(child, 1)).isEqualTo(5L);
        assertThat(stock(parent, 1)).isEqualTo(8L);
        // a failed call in the fork rolls back only its own writes
        assertThat(child.callTool("create_order", Map.of("book_id", 2, "quantity", 99)).isError()).isTrue();
        assertThat(child.query("SELECT COUNT(*) AS n FROM orders").get(0)).containsEntry("n", 5L);
        // forks of forks
        try (EnvironmentHandle grandchild = child.fork()) {
          assertThat(stock(grandchild, 1)).isEqualTo(5L);
        }
        // reset returns a fork to the environment's initial state, not to the fork point
        child.reset();
        assertThat(stock(child, 1)).isEqualTo(10L);
        assertThat(child.query("SELECT COUNT(*) AS n FROM orders").get(0)).containsEntry("n", 3L);
        child.callTool("update_email", Map.of("email", "child@example.org"));
        child.reset();
        assertThat(child.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "reader@example.com");
      }
      // a fork of an untouched handle is a fresh handle
      parent.reset();
      try (EnvironmentHandle fresh = parent.fork()) {
        assertThat(stock(fresh, 1)).isEqualTo(10L);
      }
    }
    assertThat(env.liveHandles()).isEqualTo(before);
    EnvironmentHandle closed = env.newHandle();
    closed.close();
    assertThatThrownBy(closed::fork).isInstanceOf(IllegalStateException.class);
  }
}
