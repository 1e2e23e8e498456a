package dev.awm.runtime;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * A handle's in-memory database and everything bound to it: the sandbox's guard, the episode
 * transaction, the change log, the database facades and the tool object. When a handle is closed
 * in its initial state, its connection is kept as a spare of the environment and serves the next
 * {@link Environment#newHandle()} or {@link EnvironmentHandle#fork()} without opening, loading and
 * parsing a database again. Confined to one handle at a time.
 */
final class HandleConnection {
  private static final Logger LOG = LoggerFactory.getLogger(HandleConnection.class);

  final SQLiteConnection connection;
  final SqliteGuard guard;
  final EpisodeTransaction tx;
  final ChangeLog log;
  final DatabaseView view;
  HandleDb db;
  /** The tool object, or null until the adopting handle creates one. */
  Object tools;
  /** The committed database is the environment's initial image (its episode aside). */
  boolean atInitial;
  private final SandboxLimits limits;
  /** Statements of the runtime's own (fork copies), by SQL text. */
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  private HandleConnection(SQLiteConnection connection, SqliteGuard guard, boolean foreignKeys, SandboxLimits limits,
      boolean initial) throws SQLException {
    this.connection = connection;
    this.guard = guard;
    this.limits = limits;
    if (foreignKeys) {
      try (var st = connection.createStatement()) {
        st.execute("PRAGMA foreign_keys = ON");
      }
    }
    this.tx = new EpisodeTransaction(connection);
    this.log = ChangeLog.install(connection, initial);
    this.db = HandleDb.forTools(connection, guard, tx::beforeWrite, limits);
    this.view = new DatabaseView(connection, guard, false, Integer.MAX_VALUE);
    this.atInitial = initial;
  }

  /** Opens a connection on a copy of {@code image}; {@code initial} says whether that is the environment's initial image. */
  static HandleConnection open(byte[] image, boolean initial, boolean foreignKeys, SandboxLimits limits, java.time.LocalDateTime now)
      throws SQLException {
    SQLiteConnection c = initial ? Sqlite.openImage(image) : Sqlite.openChecked(image);
    try {
      return new HandleConnection(c, SqliteGuard.install(c, now), foreignKeys, limits, initial);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** A runtime statement, prepared once per connection (until {@link #forgetStatements()}). */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Closes the runtime's statements (after one failed: it may be finalized by sqlite-jdbc while it looks open). */
  void forgetStatements() {
    for (PreparedStatement ps : statements.values()) closeQuietly(ps);
    statements.clear();
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // a statement of a connection going away, or already finalized
    }
  }

  long totalChanges() throws SQLException {
    return connection.getDatabase().total_changes();
  }

  /**
   * Rolls the episode back so that the database is the initial image again, ready for another
   * handle; false when it is not (a committed episode, or a failed rollback).
   */
  boolean rollBackToInitial() {
    if (!atInitial) return false;
    try {
      tx.rollback();
      log.clear();
      guard.clear();
      return true;
    } catch (SQLException e) {
      LOG.warn("a handle's episode could not be rolled back ({}); its connection is not used again", e.getMessage());
      return false;
    }
  }

  /**
   * After the connection served as a read-only view (a verifier's initial database): writable
   * again (a statement cut off may have left {@code query_only} on) and in the initial state; false
   * when that cannot be made sure.
   */
  boolean readyAfterView() {
    return makeWritable() && !tx.isOpen() && rollBackToInitial();
  }

  /**
   * Turns {@code query_only} off, which a read-only view's statement cut off may have left on (a
   * flag PRAGMA: run fresh, never cached); false if that failed.
   */
  boolean makeWritable() {
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA query_only = 0");
      return true;
    } catch (SQLException e) {
      LOG.debug("PRAGMA query_only = 0 failed: {}", e.getMessage());
      return false;
    }
  }

  /**
   * The database as a SQLite file image, the episode's changes included. SQLite does not serialize
   * an open transaction, so the episode is committed first: nothing changes for the agent, but the
   * connection is no longer at the initial image (the handle's next reset reloads it, once).
   */
  byte[] serialize() throws SQLException {
    if (tx.isOpen()) {
      tx.commit();
      atInitial = false;
    }
    return connection.serialize("main");
  }

  /** A new database facade for the tool object, after a stuck run's thread was cut off the old one. */
  void renewDb() {
    db = HandleDb.forTools(connection, guard, tx::beforeWrite, limits);
  }

  /** Frees the connection and its statements. */
  void close() {
    db.clearCache();
    view.clearCache();
    forgetStatements();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a handle's connection: {}", e.getMessage());
    }
  }
}
