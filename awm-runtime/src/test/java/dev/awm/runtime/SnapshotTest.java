package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A handle's state as a file image (what a run directory saves), and views over such images. */
class SnapshotTest {
  @Test
  void serializeIncludesTheEpisodesChangesAndLeavesTheHandleAsItWas() {
    Environment env = TestEnvironments.bookshop();
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("update_email", Map.of("email", "snap@example.org")).isError()).isFalse();
      byte[] image = h.serialize();
      try (DatabaseView v = DatabaseView.open(image)) {
        assertThat(v.scalar("SELECT email FROM users WHERE id = 1")).isEqualTo("snap@example.org");
      }
      try (DatabaseView initial = DatabaseView.open(env.initialImage())) {
        assertThat(initial.scalar("SELECT email FROM users WHERE id = 1")).isEqualTo("reader@example.com");
      }
      // the episode goes on, and still resets
      assertThat(h.callTool("create_order", Map.of("book_id", 1, "quantity", 1)).isError()).isFalse();
      h.reset();
      assertThat(h.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "reader@example.com");
    }
    assertThatThrownBy(() -> DatabaseView.open("not a database at all, just some bytes".getBytes()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a SQLite database image");
  }

  @Test
  void aHandleOpensFromASavedStateAndTheInitialImageIsDeterministic() {
    Environment env = TestEnvironments.bookshop();
    // the same definition builds the same bytes, unless its defaults read the clock (the bookshop's
    // users.created_at DEFAULT CURRENT_TIMESTAMP does): compare builds of one without that
    dev.awm.core.EnvironmentDefinition timeless = EnvironmentBuilder.create("Timeless", "no clock")
        .table("t", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL)", "CREATE INDEX t_name ON t(name)")
        .rows("t", "INSERT INTO t VALUES (1, 'a', 1.5)", "INSERT INTO t VALUES (2, 'b', NULL)")
        .definition();
    assertThat(Environment.of(timeless).initialImage()).isEqualTo(Environment.of(timeless).initialImage());
    byte[] saved;
    try (EnvironmentHandle h = env.newHandle()) {
      h.callTool("update_email", Map.of("email", "saved@example.org"));
      saved = h.serialize();
    }
    try (EnvironmentHandle again = env.openHandle(saved)) {
      assertThat(again.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "saved@example.org");
      again.reset();
      assertThat(again.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "reader@example.com");
    }
    assertThatThrownBy(() -> env.openHandle("nope".getBytes())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a database image for environment 'bookshop'");
  }
}
