package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.runtime.api.Db;
import dev.awm.runtime.api.DbException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@code Db} given to generated code works only in the call (or verifier run) it was given to:
 * kept beyond it, it reads and writes nothing, in this handle or any other.
 */
class DbConfinementTest {
  private final AtomicReference<Db> kept = new AtomicReference<>();

  private Environment environment() {
    return EnvironmentBuilder.create("Keeper", "a tool that keeps its Db")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('first')")
        .tool(EnvironmentBuilder.tool("keep", ""), (db, args) -> {
          kept.set(db);
          return db.insert("INSERT INTO notes (body) VALUES ('uncommitted')");
        })
        .tool(EnvironmentBuilder.tool("use_kept", ""), (db, args) -> kept.get().query("SELECT body FROM notes"))
        .tool(EnvironmentBuilder.tool("write_kept", ""), (db, args) -> kept.get().update("DELETE FROM notes"))
        .build();
  }

  @Test
  void aDbKeptBeyondItsCallIsUseless() {
    Environment env = environment();
    try (EnvironmentHandle owner = env.newHandle(); EnvironmentHandle other = env.newHandle()) {
      assertThat(owner.callTool("keep", Map.of()).isError()).isFalse();
      assertThatThrownBy(() -> kept.get().query("SELECT body FROM notes"))
          .isInstanceOf(DbException.class).hasMessageContaining("a Db works only inside the tool call or verifier run it was given to");

      ToolResult read = other.callTool("use_kept", Map.of());
      assertThat(read.kind()).isEqualTo(ToolResult.Kind.TOOL_FAILURE);
      assertThat(read.message()).contains("can no longer be used").doesNotContain("uncommitted");
      ToolResult write = other.callTool("write_kept", Map.of());
      assertThat(write.kind()).isEqualTo(ToolResult.Kind.TOOL_FAILURE);
      assertThat(owner.query("SELECT body FROM notes ORDER BY id")).extracting(r -> r.get("body"))
          .containsExactly("first", "uncommitted");
    }
  }

  @Test
  void aVerifiersViewsAreUselessAfterItsRun() {
    Environment env = environment();
    AtomicReference<Db> current = new AtomicReference<>();
    try (EnvironmentHandle h = env.newHandle()) {
      List<Map<String, Object>> rows = h.inspect("keeper", (initial, cur) -> {
        current.set(cur);
        return cur.query("SELECT body FROM notes");
      });
      assertThat(rows).hasSize(1);
      assertThatThrownBy(() -> current.get().query("SELECT body FROM notes"))
          .isInstanceOf(DbException.class).hasMessageContaining("can no longer be used");
      assertThat(h.query("SELECT count(*) AS n FROM notes")).isEqualTo(List.of(Map.of("n", 1L)));
    }
  }
}
