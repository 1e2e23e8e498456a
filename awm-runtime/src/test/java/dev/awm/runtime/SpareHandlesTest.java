package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closed handles' connections are kept as spares and serve later handles in the initial state. */
class SpareHandlesTest {
  private static EnvironmentBuilder counter(String tools) {
    return EnvironmentBuilder.create("Counter", "counts calls")
        .table("hits", "CREATE TABLE hits (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        .rows("hits", "INSERT INTO hits VALUES (1, 0)")
        .tool(EnvironmentBuilder.tool("hit", "Count a hit"))
        .javaTools(tools);
  }

  private static final String STATEFUL = "import dev.awm.runtime.api.*;\n"
      + "public class Tools {\n  private final Db db;\n  private long calls;\n  public Tools(Db db) { this.db = db; }\n"
      + "  public Object hit(Args a) { db.update(\"UPDATE hits SET n = n + 1 WHERE id = 1\"); return ++calls; }\n}\n";
  private static final String STATELESS = "import dev.awm.runtime.api.*;\n"
      + "public class Tools {\n  private final Db db;\n  public Tools(Db db) { this.db = db; }\n"
      + "  public Object hit(Args a) { db.update(\"UPDATE hits SET n = n + 1 WHERE id = 1\"); return db.scalar(\"SELECT n FROM hits\"); }\n}\n";

  @Test
  void aClosedHandleServesTheNextOneInTheInitialState() {
    Environment env = counter(STATELESS).environment().spareHandles(2).build();
    EnvironmentHandle first = env.newHandle();
    first.callTool("hit", Map.of());
    assertThat(first.callTool("hit", Map.of()).contentValue()).isEqualTo(2L);
    first.close();
    assertThat(env.spareHandles()).isEqualTo(1);
    try (EnvironmentHandle second = env.newHandle()) {
      assertThat(env.spareHandles()).isZero();
      assertThat(second.callTool("hit", Map.of()).contentValue()).isEqualTo(1L);
      assertThat(env.liveHandles()).isEqualTo(1);
    }
    assertThatThrownBy(() -> first.callTool("hit", Map.of())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void atMostTheConfiguredNumberAreKept() {
    Environment env = counter(STATELESS).environment().spareHandles(2).build();
    List<EnvironmentHandle> handles = new ArrayList<>();
    for (int i = 0; i < 5; i++) handles.add(env.newHandle());
    handles.forEach(EnvironmentHandle::close);
    assertThat(env.spareHandles()).isEqualTo(2);
    env.releaseSpares();
    assertThat(env.spareHandles()).isZero();
    Environment none = counter(STATELESS).environment().spareHandles(0).build();
    none.newHandle().close();
    assertThat(none.spareHandles()).isZero();
    assertThatThrownBy(() -> counter(STATELESS).environment().spareHandles(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spareHandles");
  }

  @Test
  void aToolObjectWithStateOfItsOwnIsCreatedAnewForTheNextHandle() {
    Environment env = counter(STATEFUL).build();
    try (EnvironmentHandle h = env.newHandle()) {
      h.callTool("hit", Map.of());
      assertThat(h.callTool("hit", Map.of()).contentValue()).isEqualTo(2L);
      h.reset(); // a reset keeps the handle's tool object, as documented
      assertThat(h.callTool("hit", Map.of()).contentValue()).isEqualTo(3L);
    }
    assertThat(env.spareHandles()).isEqualTo(1);
    try (EnvironmentHandle next = env.newHandle()) {
      assertThat(next.callTool("hit", Map.of()).contentValue()).isEqualTo(1L);
      assertThat(next.query("SELECT n FROM hits")).containsExactly(Map.of("n", 1L));
    }
  }

  @Test
  void aHandleWhoseEpisodeWasCommittedIsNotKept() {
    Environment env = counter(STATELESS).build();
    try (EnvironmentHandle h = env.newHandle()) {
      h.callTool("hit", Map.of());
      h.serialize(); // commits the episode into the handle's own database
    }
    assertThat(env.spareHandles()).isZero();
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.query("SELECT n FROM hits")).containsExactly(Map.of("n", 0L));
    }
  }

  @Test
  void inspectionBorrowsASpareForTheInitialDatabaseAndGivesItBackWritable() {
    // the time limit is not under test here: long, so that it cannot cut these inspections off on a loaded machine
    Environment env = counter(STATELESS).environment().verifierTimeout(java.time.Duration.ofSeconds(60)).build();
    try (EnvironmentHandle h = env.newHandle()) {
      h.callTool("hit", Map.of());
      Object[] seen = h.inspect("check", (initial, current) -> new Object[] {initial.scalar("SELECT n FROM hits"),
          current.scalar("SELECT n FROM hits")});
      assertThat(seen).containsExactly(0L, 1L);
      assertThat(env.spareHandles()).as("the lent connection came back").isEqualTo(1);
      assertThatThrownBy(() -> h.inspect("writer", (initial, current) -> initial.update("UPDATE hits SET n = 99")))
          .hasMessageContaining("readonly");
      assertThatThrownBy(() -> h.inspect("temp writer", (initial, current) -> initial.update("CREATE TEMP TABLE left_behind (x)")))
          .hasMessageContaining("readonly");
    }
    assertThat(env.spareHandles()).isEqualTo(2);
    bothSparesAreCleanAndWritable(env);
  }

  @Test
  void anInspectionCutOffByTheTimeLimitLeavesNothingOnTheLentConnection() {
    Environment env = counter(STATELESS).environment().verifierTimeout(java.time.Duration.ofMillis(300)).build();
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("hit", Map.of()).contentValue()).isEqualTo(1L);
      // a run cut off in the middle of its queries (it never ends by itself, whatever the machine's speed)
      assertThatThrownBy(() -> h.inspect("endless", (initial, current) -> {
        while (true) initial.query("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000) SELECT max(i) FROM r");
      })).isInstanceOf(SandboxException.class).hasMessageContaining("ran longer than 300 ms");
    }
    assertThat(env.spareHandles()).isEqualTo(2);
    bothSparesAreCleanAndWritable(env);
  }

  private static void bothSparesAreCleanAndWritable(Environment env) {
    try (EnvironmentHandle a = env.newHandle(); EnvironmentHandle b = env.newHandle()) {
      for (EnvironmentHandle x : List.of(a, b)) {
        assertThat(x.query("SELECT n FROM hits")).containsExactly(Map.of("n", 0L));
        assertThat(x.query("SELECT count(*) AS n FROM temp.sqlite_schema")).containsExactly(Map.of("n", 0L));
        assertThat(x.callTool("hit", Map.of()).contentValue()).as("writable").isEqualTo(1L);
      }
    }
  }
}
