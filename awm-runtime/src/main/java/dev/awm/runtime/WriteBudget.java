package dev.awm.runtime;

import dev.awm.runtime.api.DbException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What one tool call may write into a handle's database, so that a call is refused with a
 * {@link ToolResult.Kind#LIMIT_EXCEEDED} result long before SQLite runs out of room: SQLite answers
 * a full database by rolling back the statement, or at times the whole episode's transaction.
 *
 * <p>Checked before each writing statement: each bound value at most
 * {@link SandboxLimits#maxValueBytes()} (UTF-8 bytes of a string, length of a blob), the values
 * bound by the call's writes together at most {@link SandboxLimits#maxWriteBytesPerCall()}, and the
 * database no fuller than {@link #MAX_DATABASE_BYTES} less the room one call may take (its limit,
 * plus four times the largest value SQLite builds, for a last row and its indexes). After each
 * writing statement: the database grew by at most {@link SandboxLimits#maxWriteBytesPerCall()}
 * since the call began (values built in SQL, rows copied by {@code INSERT ... SELECT}). A statement
 * SQLite refuses as too big or as filling the database counts as the same limit.
 *
 * <p>The first limit a call hits is kept ({@link #exceeded()}): the handle turns the call into a
 * {@code LIMIT_EXCEEDED} result and rolls it back, even if the tool code caught the
 * {@link DbException} it was given. Confined to the handle's thread discipline.
 */
final class WriteBudget {
  /** How large a handle's database may grow ({@code PRAGMA max_page_count}, set by {@link SqliteGuard}). */
  private static final long MAX_DATABASE_BYTES = SqliteGuard.MAX_DATABASE_BYTES;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_TOOBIG = 18;

  private final Connection connection;
  private final long maxValueBytes;
  private final long maxCallBytes;
  private PreparedStatement pageCount;
  private long pageSize;
  private long boundBytes;
  /** Pages at the call's first write, or -1 before it. */
  private long startPages = -1;
  private String exceeded;

  WriteBudget(Connection connection, SandboxLimits limits) {
    this.connection = connection;
    this.maxValueBytes = limits.maxValueBytes();
    this.maxCallBytes = limits.maxWriteBytesPerCall();
  }

  /** Starts a call's account. */
  void startCall() {
    boundBytes = 0;
    startPages = -1;
    exceeded = null;
  }

  /** The first limit the current call went past (a message naming it), or null. */
  String exceeded() {
    return exceeded;
  }

  /** Before a writing statement binding {@code values}: refuses it (a {@link DbException}) when it would go past a limit. */
  void beforeWrite(Object[] values) throws SQLException {
    long bytes = 0;
    for (int i = 0; i < values.length; i++) {
      long n = size(values[i]);
      if (n > maxValueBytes) {
        throw refuse("parameter " + (i + 1) + " is " + n + " bytes, over the limit of " + maxValueBytes + " bytes for one value");
      }
      bytes += n;
    }
    boundBytes += bytes;
    if (boundBytes > maxCallBytes) {
      throw refuse("its writes bind " + boundBytes + " bytes, over the limit of " + maxCallBytes + " bytes for one call");
    }
    if (startPages < 0) {
      startPages = pages();
      long room = MAX_DATABASE_BYTES - maxCallBytes - 4L * SqliteGuard.MAX_VALUE_BYTES;
      if (startPages * pageSize > room) {
        throw refuse("the episode's database holds " + (startPages * pageSize >> 10) + " KiB, over the " + (room >> 10)
            + " KiB up to which a call may write (the database may hold " + (MAX_DATABASE_BYTES >> 20) + " MiB)");
      }
    }
  }

  /** After a writing statement ran: refuses the call when the database grew past the call's limit. */
  void afterWrite() throws SQLException {
    long grown = (pages() - startPages) * pageSize;
    if (grown > maxCallBytes) {
      throw refuse("it grew the database by " + grown + " bytes, over the limit of " + maxCallBytes + " bytes for one call");
    }
  }

  /** Whether SQLite refused a statement for its size (a value too big, or the database full); if so, it counts as this limit. */
  boolean refusedBySqlite(SQLException e) {
    int code = e.getErrorCode() & 0xFF;
    if (code != SQLITE_TOOBIG && code != SQLITE_FULL) return false;
    record(code == SQLITE_TOOBIG ? "SQLite refused a value over " + SqliteGuard.MAX_VALUE_BYTES + " bytes"
        : "it filled the database (" + (MAX_DATABASE_BYTES >> 20) + " MiB)");
    return true;
  }

  private DbException refuse(String why) {
    record(why);
    return new DbException("write refused: " + why);
  }

  private void record(String why) {
    if (exceeded == null) exceeded = "went past a write limit: " + why;
  }

  private long pages() throws SQLException {
    if (pageCount == null) {
      pageCount = connection.prepareStatement("PRAGMA page_count");
      try (java.sql.Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        pageSize = rs.getLong(1);
      }
    }
    try (ResultSet rs = pageCount.executeQuery()) {
      return rs.getLong(1);
    }
  }

  /** Bytes a bound value takes in the database (UTF-8 for text). */
  static long size(Object v) {
    if (v instanceof String) return utf8Length((String) v);
    if (v instanceof byte[]) return ((byte[]) v).length;
    return 8;
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  /** Frees the statement it prepared. */
  void close() {
    if (pageCount == null) return;
    try {
      pageCount.close();
    } catch (SQLException ignored) {
      // the connection is going away
    }
    pageCount = null;
  }
}
