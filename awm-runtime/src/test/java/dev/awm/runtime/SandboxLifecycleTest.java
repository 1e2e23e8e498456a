package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnection;

/** The sandbox around the parts of tool code that are not calls, and its defenses in depth. */
class SandboxLifecycleTest {
  @Test
  void aToolConstructorThatNeverEndsFailsOpeningAHandleAtTheLimit() {
    // the build runs the constructor once on the initial database (ConstructorAtBuildTest): this one hangs on another
    String src = HostileCode.toolCode(new String[][] {{"t", "return null;"}})
        .replace("public Hostile(Db db) { this.db = db; }",
            "public Hostile(Db db) { this.db = db; if (((Number) db.scalar(\"SELECT count(*) FROM notes\")).longValue() > 1) while (true) { } }");
    Environment env = Environment.builder(HostileCode.definition(src, List.of("t"))).callTimeout(Duration.ofSeconds(2)).build();
    byte[] twoNotes = withSecondNote(env.initialImage());
    // what the limit guarantees, not how fast it fired (that depends on the machine's load)
    assertThatThrownBy(() -> env.openHandle(twoNotes)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the tool class constructor ran longer than 2000 ms (the time limit) and was stopped");
    assertThat(env.liveHandles()).isZero();
  }

  private static byte[] withSecondNote(byte[] image) {
    try (SQLiteConnection c = Sqlite.openImage(image); Statement st = c.createStatement()) {
      st.execute("INSERT INTO notes (body) VALUES ('second')");
      return c.serialize("main");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void toolObjectsOfHandlesDoNotShareState() {
    String src = HostileCode.toolCode(new String[][] {{"count", "calls++; return Long.valueOf(calls);"}})
        .replace("private final Db db;", "private final Db db;\n  private long calls;");
    Environment env = Environment.of(HostileCode.definition(src, List.of("count")));
    try (EnvironmentHandle a = env.newHandle(); EnvironmentHandle b = env.newHandle()) {
      a.callTool("count", Map.of());
      assertThat(a.callTool("count", Map.of()).content()).isEqualTo("2");
      assertThat(b.callTool("count", Map.of()).content()).isEqualTo("1");
    }
  }

  @Test
  void sqliteItselfRefusesAttachOnAGuardedConnection() throws SQLException {
    try (SQLiteConnection c = Sqlite.openMemory()) {
      SqliteGuard.install(c, dev.awm.core.SimulatedTime.DEFAULT);
      try (Statement st = c.createStatement()) {
        assertThatThrownBy(() -> st.execute("ATTACH DATABASE '/tmp/awm-evil.db' AS evil"))
            .isInstanceOf(SQLException.class).hasMessageContaining("too many attached databases - max 0");
        assertThatThrownBy(() -> st.execute("SELECT " + "abs(".repeat(150) + "1" + ")".repeat(150)))
            .isInstanceOf(SQLException.class).hasMessageContaining("too large");
        assertThat(st.execute("SELECT 1")).isTrue();
      }
    }
    assertThat(new java.io.File("/tmp/awm-evil.db")).doesNotExist();
  }

  @Test
  void aCancelledGuardAbortsEveryStatementUntilCleared() throws SQLException {
    try (SQLiteConnection c = Sqlite.openMemory(); Statement st = c.createStatement()) {
      SqliteGuard guard = SqliteGuard.install(c, dev.awm.core.SimulatedTime.DEFAULT);
      guard.cancel();
      assertThatThrownBy(() -> st.executeQuery("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 100000) SELECT sum(x) FROM n"))
          .isInstanceOf(SQLException.class).hasMessageContaining("interrupt");
      guard.clear();
      assertThat(st.executeQuery("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 100000) SELECT sum(x) FROM n").getLong(1))
          .isEqualTo(5_000_050_000L);
    }
  }

  @Test
  void theDefinitionsOwnStatementsGetTheSameSqlRules() {
    var base = HostileCode.definition(new String[][] {{"t", "return null;"}});
    List<String> hostile = List.of("ATTACH DATABASE '/tmp/awm-evil.db' AS evil",
        "INSERT INTO notes (body) VALUES ('a'); VACUUM INTO '/tmp/awm-evil2.db'",
        "VACUUM INTO '/tmp/awm-evil3.db'",
        "PRAGMA journal_mode = OFF",
        "INSERT INTO notes (body) SELECT 'x' FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c)");
    var rows = new java.util.ArrayList<>(base.sampleData().tables());
    rows.add(new dev.awm.core.TableRows("notes", "", hostile));
    var def = base.toBuilder().sampleData(new dev.awm.core.SampleData(rows)).build();
    Environment env = Environment.builder(def).callTimeout(Duration.ofMillis(200)).build();
    assertThat(env.skippedStatements()).extracting(SkippedStatement::error).satisfiesExactly(
        e -> assertThat(e).contains("ATTACH statements are not allowed"),
        e -> assertThat(e).contains("VACUUM statements are not allowed"),
        e -> assertThat(e).contains("PRAGMA statements are not allowed"),
        e -> assertThat(e).contains("ran longer than 200 ms (the time limit) and was stopped"));
    // a second statement in one string is never run (the driver runs the first one only)
    for (String f : List.of("/tmp/awm-evil.db", "/tmp/awm-evil2.db", "/tmp/awm-evil3.db")) assertThat(new java.io.File(f)).doesNotExist();
    // read the initial database directly: a handle's tool constructor would run under the 200 ms limit,
    // which is not under test here and may be exceeded on a loaded machine
    try (DatabaseView initial = env.openInitialDatabase()) {
      assertThat(initial.query("SELECT body FROM notes ORDER BY id")).extracting(r -> r.get("body")).containsExactly("first", "a");
    }
    assertThatThrownBy(() -> Environment.builder(def).strictSampleData(true).build())
        .hasMessageContaining("sample data statement failed: ATTACH statements are not allowed");
  }

  @Test
  void limitsAreSetOnTheBuilderAndChecked() {
    var def = HostileCode.definition(new String[][] {{"t", "return null;"}});
    Environment env = Environment.builder(def).callTimeout(Duration.ofSeconds(2)).verifierTimeout(Duration.ofSeconds(3))
        .maxRows(50).maxResultChars(5000).maxAllocatedBytes(32L << 20).isolation(Isolation.CALLER_THREAD).build();
    assertThat(env.limits()).isEqualTo(new SandboxLimits(Duration.ofSeconds(2), Duration.ofSeconds(3), 50, 5000, 32L << 20));
    assertThat(env.isolation()).isEqualTo(Isolation.CALLER_THREAD);
    assertThat(Environment.of(def).limits()).isEqualTo(SandboxLimits.defaults());
    assertThat(Environment.of(def).isolation()).isEqualTo(Isolation.WORKER_THREAD);
    assertThatThrownBy(() -> Environment.builder(def).callTimeout(Duration.ZERO)).hasMessageContaining("callTimeout must be positive");
    assertThatThrownBy(() -> Environment.builder(def).maxRows(0)).hasMessageContaining("maxRows must be at least 1");
    assertThatThrownBy(() -> Environment.builder(def).maxAllocatedBytes(1000)).hasMessageContaining("at least 1 MiB");
  }

  @Test
  void thePolicyAllowsPackagesExactlyAndNestedClassesOfAllowedClasses() {
    CodePolicy p = CodePolicy.defaults();
    assertThat(p.allows("java.util.HashMap")).isTrue();
    assertThat(p.allows("java.util.Map$Entry")).isTrue();
    assertThat(p.allows("java.lang.Character$UnicodeBlock")).isTrue();
    assertThat(p.allows("java.util.concurrent.ConcurrentHashMap")).as("subpackages are not included").isFalse();
    assertThat(p.allows("java.util.ResourceBundle$Control")).as("nested classes of excluded classes").isFalse();
    assertThat(p.allows("java.lang.Thread$State")).isFalse();
    assertThat(p.allows("java.lang.System")).isFalse();
    assertThat(p.allows("dev.awm.verify.api.Verdict")).isFalse();
    assertThat(p.withClasses("dev.awm.verify.api.Verdict").allows("dev.awm.verify.api.Verdict")).isTrue();
  }
}
