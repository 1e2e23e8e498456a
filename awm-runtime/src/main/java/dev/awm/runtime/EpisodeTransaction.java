package dev.awm.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction discipline of one handle's connection. The first write of an episode opens a
 * transaction that is never committed (so a reset is a rollback); each call that writes runs in a
 * savepoint inside it (so a failed call rolls back to where it began). Confined to its handle.
 *
 * <p>Its statements are prepared once; one that fails is prepared again before it is used again
 * (sqlite-jdbc finalizes some statements that fail, such as {@code RELEASE} of a savepoint SQLite
 * already rolled back).
 */
final class EpisodeTransaction {
  private static final String BEGIN = "BEGIN", ROLLBACK = "ROLLBACK", SAVEPOINT = "SAVEPOINT awm_call",
      RELEASE = "RELEASE awm_call", ROLLBACK_TO = "ROLLBACK TO awm_call";

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private boolean open;
  private boolean inSavepoint;

  EpisodeTransaction(Connection connection) throws SQLException {
    this.connection = connection;
    for (String sql : List.of(BEGIN, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO)) statements.put(sql, connection.prepareStatement(sql));
  }

  private void run(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    try {
      ps.execute();
    } catch (SQLException e) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // finalized already
      }
      statements.put(sql, connection.prepareStatement(sql));
      throw e;
    }
  }

  /** Whether the episode has written (its transaction is open). */
  boolean isOpen() {
    return open;
  }

  /** Opens the episode's transaction (if it is not open), without a call's savepoint. */
  void open() throws SQLException {
    if (open) return;
    run(BEGIN);
    open = true;
  }

  /** Before a write: opens the episode's transaction if needed, and the call's savepoint. */
  void beforeWrite() throws SQLException {
    if (inSavepoint) return;
    open();
    run(SAVEPOINT);
    inSavepoint = true;
  }

  /** Ends the call's savepoint (if it wrote): kept when the call succeeded, rolled back when not. */
  void endCall(boolean success) throws SQLException {
    if (!inSavepoint) return;
    inSavepoint = false;
    if (!success) run(ROLLBACK_TO);
    run(RELEASE);
  }

  /** Undoes everything the episode wrote. */
  void rollback() throws SQLException {
    if (!open) return;
    run(ROLLBACK);
    open = false;
  }

  /** Makes the episode's changes the committed state of the connection's own database. */
  void commit() throws SQLException {
    if (!open) return;
    try (Statement st = connection.createStatement()) { // rare (serialize, whole-copy fork): not kept prepared
      st.execute("COMMIT");
    }
    open = false;
  }
}
