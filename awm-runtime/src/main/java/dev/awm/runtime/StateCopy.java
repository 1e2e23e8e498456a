package dev.awm.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;

/**
 * Copies a connection's current state, including changes of its open transaction (which SQLite's
 * serialize and backup do not see), into a new database, and returns that database's file image.
 */
final class StateCopy {
  private StateCopy() {}

  static byte[] image(Connection source) throws SQLException {
    List<String[]> objects = new ArrayList<>();
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            + "ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid")) {
      while (rs.next()) objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
    }
    boolean sequences;
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
      sequences = rs.next() && rs.getInt(1) > 0;
    }
    try (SQLiteConnection target = Sqlite.openMemory(); Statement out = target.createStatement()) {
      out.execute("PRAGMA page_size = " + DatabaseImage.PAGE_SIZE);
      for (String[] o : objects) if (o[0].equals("table")) out.execute(o[2]);
      out.execute("BEGIN");
      for (String[] o : objects) if (o[0].equals("table")) copyRows(source, target, o[1]);
      if (sequences) copyRows(source, target, "sqlite_sequence");
      out.execute("COMMIT");
      for (String[] o : objects) if (!o[0].equals("table")) out.execute(o[2]);
      return target.serialize("main");
    }
  }

  private static void copyRows(Connection source, Connection target, String table) throws SQLException {
    String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
    try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + quoted)) {
      int n = rs.getMetaData().getColumnCount();
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(quoted).append(" VALUES (");
      for (int i = 0; i < n; i++) sql.append(i == 0 ? "?" : ", ?");
      try (PreparedStatement ins = target.prepareStatement(sql.append(')').toString())) {
        while (rs.next()) {
          for (int i = 1; i <= n; i++) ins.setObject(i, rs.getObject(i));
          ins.executeUpdate();
        }
      }
    }
  }
}
