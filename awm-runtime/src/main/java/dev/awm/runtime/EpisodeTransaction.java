package dev.awm.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The transaction discipline of one handle's connection. The first write of an episode opens a
 * transaction that is never committed (so a reset is a rollback); each call that writes runs in a
 * savepoint inside it (so a failed call rolls back to where it began). Confined to its handle.
 */
final class EpisodeTransaction {
  private final Connection connection;
  private final PreparedStatement begin, rollback, savepoint, release, rollbackToSavepoint;
  private boolean open;
  private boolean inSavepoint;

  EpisodeTransaction(Connection connection) throws SQLException {
    this.connection = connection;
    begin = connection.prepareStatement("BEGIN");
    rollback = connection.prepareStatement("ROLLBACK");
    savepoint = connection.prepareStatement("SAVEPOINT awm_call");
    release = connection.prepareStatement("RELEASE awm_call");
    rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO awm_call");
  }

  /** Whether the episode has written (its transaction is open). */
  boolean isOpen() {
    return open;
  }

  /** Opens the episode's transaction (if it is not open), without a call's savepoint. */
  void open() throws SQLException {
    if (open) return;
    begin.execute();
    open = true;
  }

  /** Before a write: opens the episode's transaction if needed, and the call's savepoint. */
  void beforeWrite() throws SQLException {
    if (inSavepoint) return;
    open();
    savepoint.execute();
    inSavepoint = true;
  }

  /** Ends the call's savepoint (if it wrote): kept when the call succeeded, rolled back when not. */
  void endCall(boolean success) throws SQLException {
    if (!inSavepoint) return;
    inSavepoint = false;
    if (!success) rollbackToSavepoint.execute();
    release.execute();
  }

  /** Undoes everything the episode wrote. */
  void rollback() throws SQLException {
    if (!open) return;
    rollback.execute();
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
