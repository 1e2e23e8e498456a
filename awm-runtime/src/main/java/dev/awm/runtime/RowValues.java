package dev.awm.runtime;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * Reads the values of a result set's current row as the runtime hands them to tool code: a
 * {@link Long} for an integer, a {@link Double} for a real, a {@link String} for text, a
 * {@code byte[]} for a blob, null for null; the value's own storage class decides, as
 * {@code ResultSet.getObject} does.
 *
 * <p>Why not {@code getObject}: sqlite-jdbc hands text over as a direct {@code ByteBuffer} that
 * its native library creates by calling back into Java, once per text value, and then copies it
 * again. The row here is read in one pass under the statement's lock, text as the bytes SQLite
 * stores ({@code sqlite3_column_blob} of a text value is its UTF-8, unconverted), decoded in Java
 * with the same UTF-8 decoder (malformed bytes become U+FFFD either way). For e_commerce's
 * {@code get_product} (fourteen columns, eight of them text) a call through the handle went from
 * 0.64 to 0.53 times the raw JDBC of its SQL ({@code CallToolRatios}).
 */
final class RowValues {
  // SQLite's fundamental datatypes (sqlite3.h)
  private static final int INTEGER = 1, FLOAT = 2, TEXT = 3, BLOB = 4, NULL = 5;

  private RowValues() {}

  /**
   * The values of the current row of {@code rs}, a result set of {@code statement}, into
   * {@code out} (one per column, in order).
   */
  static void read(Statement statement, ResultSet rs, Object[] out) throws SQLException {
    if (!(statement instanceof CoreStatement core)) {
      for (int i = 0; i < out.length; i++) out[i] = plain(rs.getObject(i + 1));
      return;
    }
    core.pointer.safeRunConsume((DB db, long ptr) -> {
      for (int i = 0; i < out.length; i++) out[i] = value(db, ptr, i);
    });
  }

  private static Object value(DB db, long ptr, int col) throws SQLException {
    switch (db.column_type(ptr, col)) {
      case INTEGER:
        return db.column_long(ptr, col);
      case FLOAT:
        return db.column_double(ptr, col);
      case NULL:
        return null;
      case BLOB:
        return db.column_blob(ptr, col); // sqlite-jdbc gives an empty array for an empty value, as getBytes does
      case TEXT:
      default: {
        byte[] b = db.column_blob(ptr, col);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
      }
    }
  }

  /** A value from {@code getObject} as {@link #read} gives it (the fallback for other drivers). */
  static Object plain(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float) return ((Float) v).doubleValue();
    return v;
  }
}
