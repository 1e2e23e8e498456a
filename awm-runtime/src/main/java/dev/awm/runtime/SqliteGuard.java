package dev.awm.runtime;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The sandbox's hold on one SQLite connection. A progress handler, called every
 * {@value #PROGRESS_OPS} virtual machine instructions of any statement, aborts the statement once
 * the run using the connection is cancelled; unlike {@code sqlite3_interrupt()} it also stops
 * statements that start after the cancellation and leaves no state behind. The connection also
 * gets limits: no attached databases at all (so {@code ATTACH} fails in SQLite itself, whatever
 * the statement check let through), values of at most {@value #MAX_VALUE_BYTES} bytes, statements
 * of at most {@value #MAX_SQL_CHARS} characters, and expressions nested at most
 * {@value #MAX_EXPR_DEPTH} deep (SQLite recurses on the caller's thread stack), and a database of at
 * most 64 MiB ({@code PRAGMA max_page_count}; a write past it fails with "database or disk is full").
 *
 * <p>The guard is also the lock the database facade holds while a statement runs, so that taking
 * it proves no statement of an abandoned run is in flight (see {@link HandleDb#revoke()}).
 *
 * <p>SQLite's current time on the connection is the environment's simulated now ({@link SqliteClock}).
 */
final class SqliteGuard {
  static final int PROGRESS_OPS = 1000;
  static final int MAX_VALUE_BYTES = 4 << 20;
  static final int MAX_SQL_CHARS = 1_000_000;
  static final int MAX_EXPR_DEPTH = 100;
  static final long MAX_DATABASE_BYTES = 64L << 20;

  private final java.time.LocalDateTime now;
  private volatile boolean cancelled;
  /**
   * Whether a statement that may change the schema (CREATE, ALTER, DROP) was ever prepared on this
   * connection: from then on, no facade on it reuses the column names a statement had (see
   * {@link HandleDb}), since SQLite prepares a statement again after a schema change, and a
   * rollback may change the schema back.
   */
  private volatile boolean schemaMayChange;
  private volatile long deadline;
  private volatile boolean hasDeadline;

  private SqliteGuard(java.time.LocalDateTime now) {
    this.now = now;
  }

  /** Installs a guard (progress handler, limits, and SQLite's current time pinned to {@code now}) on {@code connection}. */
  static SqliteGuard install(SQLiteConnection connection, java.time.LocalDateTime now) throws SQLException {
    SqliteGuard guard = new SqliteGuard(java.util.Objects.requireNonNull(now, "now"));
    SqliteClock.install(connection, now);
    ProgressHandler.setHandler(connection, PROGRESS_OPS, new ProgressHandler() {
      @Override
      protected int progress() {
        return guard.cancelled || guard.hasDeadline && System.nanoTime() - guard.deadline > 0 ? 1 : 0;
      }
    });
    connection.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_ATTACHED.getId(), 0);
    connection.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), MAX_VALUE_BYTES);
    connection.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH.getId(), MAX_SQL_CHARS);
    connection.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_EXPR_DEPTH.getId(), MAX_EXPR_DEPTH);
    try (Statement st = connection.createStatement()) {
      long pageSize;
      // SQLite knows a deserialized image's page size only once it has read page 1: read it first,
      // or the page count below is computed for the default 4 KiB pages (a quarter of the size)
      try (ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
        rs.getLong(1);
      }
      try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        pageSize = rs.getLong(1);
      }
      st.execute("PRAGMA max_page_count = " + Math.max(1, MAX_DATABASE_BYTES / pageSize));
    }
    return guard;
  }

  /** Notes that a statement that may change the schema was prepared on this connection (for good). */
  void schemaMayChange() {
    schemaMayChange = true;
  }

  /** Whether the connection's schema may have changed since it was opened (see {@link #schemaMayChange()}). */
  boolean schemaMayHaveChanged() {
    return schemaMayChange;
  }

  /** The simulated now SQLite's current time is pinned to on this connection. */
  java.time.LocalDateTime now() {
    return now;
  }

  /** Also aborts statements once {@code timeout} from now has passed (for the definition's own statements). */
  void deadlineIn(java.time.Duration timeout) {
    deadline = System.nanoTime() + timeout.toNanos();
    hasDeadline = true;
  }

  /** Removes the deadline. */
  void noDeadline() {
    hasDeadline = false;
  }

  /** Aborts the running statement and every later one until {@link #clear()}. */
  void cancel() {
    cancelled = true;
  }

  /** Lets statements run again (at the start of a run, and once a cancelled run has been dealt with). */
  void clear() {
    cancelled = false;
  }

  boolean isCancelled() {
    return cancelled;
  }
}
