package dev.awm.runtime;

import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/** Opens the in-memory SQLite connections the runtime uses. */
final class Sqlite {
  private Sqlite() {}

  /** A new, empty in-memory database in autocommit mode. */
  static SQLiteConnection openMemory() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // sqlite-jdbc otherwise matches every statement against an INSERT pattern and, for an insert,
    // prepares and runs "SELECT last_insert_rowid()" anew (an insert cost 3.9x as much); the
    // runtime asks for the rowid itself, once prepared, only when a tool calls Db.insert
    config.setGetGeneratedKeys(false);
    return (SQLiteConnection) config.createConnection("jdbc:sqlite::memory:");
  }

  /**
   * {@link #openImage} for bytes from outside (a saved run's file): reads the schema once, so that
   * bytes that are not a SQLite database fail here rather than at the first query.
   */
  static SQLiteConnection openChecked(byte[] image) throws SQLException {
    SQLiteConnection c = openImage(image);
    try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      rs.getLong(1);
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** A new in-memory database holding a copy of {@code image}. */
  static SQLiteConnection openImage(byte[] image) throws SQLException {
    SQLiteConnection c = openMemory();
    try {
      c.deserialize("main", image);
      return c;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }
}
