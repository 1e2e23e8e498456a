package dev.awm.runtime;

import dev.awm.runtime.api.Db;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConnection;

/**
 * A read-only {@link Db} over a database: SQLite itself refuses any write while one of its
 * statements runs (a {@link dev.awm.runtime.api.DbException} naming the cause). Verifiers and
 * inspection use it. Not thread-safe: use it from the thread that owns the handle.
 *
 * <p>{@link #close()} closes the connection when the view owns one (the initial database from
 * {@link Environment#openInitialDatabase()}); a handle's view is closed with its handle.
 */
public final class DatabaseView implements Db, AutoCloseable {
  private final HandleDb db;
  private final SQLiteConnection owned;

  DatabaseView(SQLiteConnection connection, SqliteGuard guard, boolean owned, int maxRows) {
    this(new HandleDb(connection, guard, () -> { }, true, maxRows), owned ? connection : null);
  }

  private DatabaseView(HandleDb db, SQLiteConnection owned) {
    this.db = db;
    this.owned = owned;
  }

  /** A view for one run of generated code: usable only between {@link #enter()} and {@link #exit()} on the run's thread. */
  static DatabaseView confined(SQLiteConnection connection, SqliteGuard guard, int maxRows) {
    return new DatabaseView(HandleDb.confinedView(connection, guard, maxRows), null);
  }

  /**
   * A read-only view of a database given as a SQLite file image (for example {@code initial.db}
   * of a run directory), on a connection of its own that {@link #close()} closes. Its current time
   * is {@link dev.awm.core.SimulatedTime#DEFAULT}; {@link #open(byte[], LocalDateTime)} sets another.
   *
   * @param image the bytes of a SQLite database file; they are copied into the view's own connection
   * @return a new view; the caller closes it
   * @throws IllegalArgumentException if the bytes are not a SQLite database
   */
  public static DatabaseView open(byte[] image) {
    return open(image, dev.awm.core.SimulatedTime.DEFAULT);
  }

  /**
   * A read-only view of a database given as a SQLite file image, whose current time (SQLite's
   * {@code 'now'}, {@link #now()}) is {@code now}: the simulated now of the environment it belongs to.
   *
   * @param image the bytes of a SQLite database file; they are copied into the view's own connection
   * @param now the moment the view's SQLite {@code 'now'} gives (UTC)
   * @return a new view; the caller closes it
   * @throws IllegalArgumentException if the bytes are not a SQLite database
   */
  public static DatabaseView open(byte[] image, LocalDateTime now) {
    try {
      return owning(Sqlite.openChecked(image), now);
    } catch (SQLException e) {
      throw new IllegalArgumentException("not a SQLite database image: " + e.getMessage(), e);
    }
  }

  /** A view that guards {@code c} and closes it on {@link #close()} (or now, if the guard cannot be installed). */
  static DatabaseView owning(SQLiteConnection c, LocalDateTime now) throws SQLException {
    try {
      return new DatabaseView(c, SqliteGuard.install(c, now), true, Integer.MAX_VALUE);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public List<Map<String, Object>> query(String sql, Object... params) {
    return db.query(sql, params);
  }

  @Override
  public Map<String, Object> queryOne(String sql, Object... params) {
    return db.queryOne(sql, params);
  }

  @Override
  public Object scalar(String sql, Object... params) {
    return db.scalar(sql, params);
  }

  @Override
  public int update(String sql, Object... params) {
    return db.update(sql, params);
  }

  @Override
  public long insert(String sql, Object... params) {
    return db.insert(sql, params);
  }

  @Override
  public LocalDateTime now() {
    return db.now();
  }

  void clearCache() {
    db.clearCache();
  }

  /** See {@link HandleDb#enter()}. */
  void enter() {
    db.enter();
  }

  /** See {@link HandleDb#exit()}. */
  void exit() {
    db.exit();
  }

  /** See {@link HandleDb#revoke()}. */
  void revoke() {
    db.revoke();
  }

  /** Closes the connection if this view owns it; otherwise does nothing. */
  @Override
  public void close() {
    db.clearCache();
    if (owned == null) return;
    try {
      owned.close();
    } catch (SQLException e) {
      // nothing to do: the connection is gone either way
    }
  }
}
