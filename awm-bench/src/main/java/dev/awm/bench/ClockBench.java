package dev.awm.bench;

import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.sqlite.SQLiteConnection;

/**
 * The pinned clock's cost per date function: {@code date(?, '+7 days')} on a handle's database,
 * where the function is the pinned one (evaluated on a helper connection), against the same query
 * on a plain connection, where it is SQLite's built-in; once with {@code 'now'} and once with a date.
 * {@code pinnedNoFunction} is the handle's path with no date function, to subtract.
 */
public class ClockBench extends MicroBench {
  private static final String SQL = "SELECT date(?, '+7 days')";
  private DatabaseView pinned;
  private Connection plain;
  private PreparedStatement builtIn;

  @Setup
  public void setUp() throws SQLException {
    Environment env = Environment.of(AwmSizedEnvironment.definition());
    pinned = env.openInitialDatabase();
    plain = DriverManager.getConnection("jdbc:sqlite::memory:");
    ((SQLiteConnection) plain).deserialize("main", env.initialImage());
    builtIn = plain.prepareStatement(SQL);
  }

  @TearDown
  public void tearDown() throws SQLException {
    pinned.close();
    plain.close();
  }

  @Benchmark
  public Object pinnedNow() {
    return pinned.scalar(SQL, "now");
  }

  @Benchmark
  public Object pinnedDate() {
    return pinned.scalar(SQL, "2026-05-20");
  }

  /** The same path without a date function: what the database facade itself costs. */
  @Benchmark
  public Object pinnedNoFunction() {
    return pinned.scalar("SELECT ?", "2026-05-20");
  }

  @Benchmark
  public Object builtInNow() throws SQLException {
    return builtIn("now");
  }

  @Benchmark
  public Object builtInDate() throws SQLException {
    return builtIn("2026-05-20");
  }

  private Object builtIn(String value) throws SQLException {
    builtIn.setString(1, value);
    try (ResultSet rs = builtIn.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
