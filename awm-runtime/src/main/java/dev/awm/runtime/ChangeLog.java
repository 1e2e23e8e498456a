package dev.awm.runtime;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteUpdateListener;

/**
 * The rows of one connection's database that changed since it was last at the environment's
 * initial image, as SQLite's update hook reports them: table and rowid, for the main database.
 * This is what lets {@link EnvironmentHandle#fork()} copy a handle's state row by row instead of
 * copying the whole database.
 *
 * <p>The hook misses some changes (rows of {@code WITHOUT ROWID} tables, a {@code DELETE} without
 * a {@code WHERE} that SQLite turns into a truncation, rows deleted by {@code REPLACE} conflict
 * resolution, the old rowid of an update that changes it). The first two are counted by
 * {@code sqlite3_total_changes()} but not hooked, so {@link #complete} sees them; the last two
 * leave a table with fewer rows than the copy, which the fork's row counts see.
 *
 * <p>Called by SQLite on whichever thread runs a statement (a sandbox worker, for tool calls);
 * read by the handle's thread after the run has ended. Not thread-safe otherwise.
 */
final class ChangeLog implements SQLiteUpdateListener {
  private final SQLiteConnection connection;
  private final Map<String, Set<Long>> rows = new HashMap<>();
  /** Rows recorded; beyond {@link ForkPlan#MAX_ROWS} the log stops recording (a fork then copies the whole database). */
  private int rowCount;
  private boolean overflowed;
  private long events;
  private long baseline;
  private boolean fromImage;

  private ChangeLog(SQLiteConnection connection) {
    this.connection = connection;
  }

  /** Starts logging the changes of {@code connection}, whose database is now the initial image when {@code fromImage}. */
  static ChangeLog install(SQLiteConnection connection, boolean fromImage) throws SQLException {
    ChangeLog log = new ChangeLog(connection);
    log.clear();
    log.fromImage = fromImage;
    connection.addUpdateListener(log);
    return log;
  }

  @Override
  public void onUpdate(Type type, String database, String table, long rowId) {
    events++;
    if (overflowed || !"main".equals(database)) return;
    Set<Long> ids = rows.computeIfAbsent(table, t -> new TreeSet<>());
    if (ids.contains(rowId)) return;
    if (rowCount == ForkPlan.MAX_ROWS) {
      overflowed = true;
      rows.clear();
      return;
    }
    ids.add(rowId);
    rowCount++;
  }

  /** Forgets what changed: the database is the initial image again. */
  void clear() throws SQLException {
    rows.clear();
    rowCount = 0;
    overflowed = false;
    events = 0;
    baseline = connection.getDatabase().total_changes();
    fromImage = true;
  }

  /** Whether the log accounts for every row change since the initial image (and holds every changed row). */
  boolean complete() throws SQLException {
    return fromImage && !overflowed && connection.getDatabase().total_changes() - baseline == events;
  }

  /** Row changes reported since the last {@link #clear}, in any database (main or temp). */
  long events() {
    return events;
  }

  /** Changed rowids by table, in rowid order (live view; do not modify). */
  Map<String, Set<Long>> rows() {
    return rows;
  }

  /**
   * After a fork copied rows into this database through statements of its own (some of them
   * unhooked, such as {@code sqlite_sequence}'s): accept the current change count as accounted for.
   */
  void settle() throws SQLException {
    baseline = connection.getDatabase().total_changes() - events;
  }
}
