package dev.awm.bench;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.sqlite.SQLiteConnection;

/**
 * Returning an AWM-sized database to its initial state: {@code EnvironmentHandle.reset()} against
 * what the reference implementation does (rebuild the database from its DDL and inserts) and
 * against restoring the whole serialized image, in one run.
 */
public class ResetBench extends MicroBench {
  private Environment env;
  private EnvironmentHandle handle;
  private List<String> schema;
  private List<String> inserts;
  private byte[] image;
  private final Map<String, Object> row = Map.of("id", 3L);

  @Setup
  public void setUp() {
    EnvironmentDefinition def = AwmSizedEnvironment.definition();
    env = Environment.of(def);
    handle = env.newHandle();
    schema = def.schema().statements();
    inserts = def.sampleData().statements();
    image = env.initialImage();
  }

  @TearDown
  public void tearDown() {
    handle.close();
  }

  /** One write call, then reset: an episode's write and its undo. */
  @Benchmark
  public Object writeThenReset() {
    Object r = handle.callTool("close_t5", row);
    handle.reset();
    return r;
  }

  /** The same write call alone (on a state it already changed), to subtract from the above. */
  @Benchmark
  public Object writeOnly() {
    return handle.callTool("close_t5", row);
  }

  /** The reset alone, after a write made outside the measured time (JMH per-invocation setup). */
  @State(Scope.Thread)
  public static class Written {
    EnvironmentHandle handle;

    @Setup
    public void open() {
      handle = Environment.of(AwmSizedEnvironment.definition()).newHandle();
    }

    @Setup(org.openjdk.jmh.annotations.Level.Invocation)
    public void write() {
      handle.callTool("close_t5", Map.of("id", 3L));
    }

    @TearDown
    public void close() {
      handle.close();
    }
  }

  @Benchmark
  public void resetAfterWrite(Written w) {
    w.handle.reset();
  }

  /** Reset when the episode changed nothing. */
  @Benchmark
  public void resetUnchanged() {
    handle.reset();
  }

  /** The reference implementation's reset, in memory: a new database from DDL, indexes and inserts. */
  @Benchmark
  public int rebuildFromSql() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
      for (String s : schema) st.execute(s);
      st.execute("BEGIN");
      for (String s : inserts) st.execute(s);
      st.execute("COMMIT");
      return inserts.size();
    }
  }

  /** Restoring the whole serialized image into a new connection, plus the first query (schema parse). */
  @Benchmark
  public Object restoreImage() throws SQLException {
    try (SQLiteConnection c = (SQLiteConnection) DriverManager.getConnection("jdbc:sqlite::memory:")) {
      c.deserialize("main", image);
      try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT status FROM t5 WHERE id = 3")) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
