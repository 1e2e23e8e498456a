package dev.awm.runtime;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * Pins SQLite's current time on one connection to the environment's simulated now. SQLite reads the
 * wall clock for {@code 'now'} in {@code date}, {@code time}, {@code datetime}, {@code julianday},
 * {@code unixepoch}, {@code strftime} and {@code timediff}, and for {@code CURRENT_TIMESTAMP},
 * {@code CURRENT_DATE} and {@code CURRENT_TIME} (also in column defaults and CHECK constraints).
 * Functions of the same names registered on the connection take their place: the three constants
 * answer from the pinned time, and the others replace a {@code 'now'} time value with it and are
 * evaluated by the built-in function on a plain helper connection. The {@code 'localtime'} and
 * {@code 'utc'} modifiers are dropped: the simulated world's time zone is UTC, whatever the
 * machine's is. All are deterministic, so they may also appear in indexes and generated columns.
 */
final class SqliteClock {
  private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  /** The variadic date and time functions, and where their time values start (strftime's first argument is its format). */
  private static final Map<String, Integer> VARIADIC =
      Map.of("date", 0, "time", 0, "datetime", 0, "julianday", 0, "unixepoch", 0, "strftime", 1);
  private static final int INTEGER = 1, FLOAT = 2, TEXT = 3, BLOB = 4;
  /** Idle helper connections (each used by one thread at a time); at most one per thread that ever evaluated at once. */
  private static final ConcurrentLinkedDeque<Helper> IDLE = new ConcurrentLinkedDeque<>();

  private SqliteClock() {}

  /** Registers the pinned functions on {@code connection}. */
  static void install(SQLiteConnection connection, LocalDateTime now) throws SQLException {
    String text = SQL_TIME.format(now);
    for (Map.Entry<String, Integer> f : VARIADIC.entrySet()) {
      Function.create(connection, f.getKey(), new Delegate(f.getKey(), f.getValue(), false, text), -1, Function.FLAG_DETERMINISTIC);
    }
    // timediff takes exactly two time values; a variadic registration would lose to the built-in one
    Function.create(connection, "timediff", new Delegate("timediff", 0, true, text), 2, Function.FLAG_DETERMINISTIC);
    Function.create(connection, "current_timestamp", new Constant(text), 0, Function.FLAG_DETERMINISTIC);
    Function.create(connection, "current_date", new Constant(text.substring(0, 10)), 0, Function.FLAG_DETERMINISTIC);
    Function.create(connection, "current_time", new Constant(text.substring(11)), 0, Function.FLAG_DETERMINISTIC);
  }

  private static final class Constant extends Function {
    private final String value;

    Constant(String value) {
      this.value = value;
    }

    @Override
    protected void xFunc() throws SQLException {
      result(value);
    }
  }

  /** A built-in date function with {@code 'now'} pinned, evaluated on a helper connection. */
  private static final class Delegate extends Function {
    private final String name;
    private final int firstTime;
    private final boolean allTimes;
    private final String now;

    Delegate(String name, int firstTime, boolean allTimes, String now) {
      this.name = name;
      this.firstTime = firstTime;
      this.allTimes = allTimes;
      this.now = now;
    }

    @Override
    protected void xFunc() throws SQLException {
      int n = args();
      List<Object> values = new ArrayList<>(n + 1);
      for (int i = 0; i < n; i++) {
        Object v = value(i);
        if (i == firstTime || allTimes) {
          if (v instanceof String s && s.equalsIgnoreCase("now")) v = now;
        } else if (i > firstTime && v instanceof String s && (s.equalsIgnoreCase("localtime") || s.equalsIgnoreCase("utc"))) {
          continue; // the simulated world is in UTC
        }
        values.add(v);
      }
      if (n == firstTime) values.add(now); // date() is date('now'); strftime('%Y') is strftime('%Y', 'now')
      Helper h = IDLE.poll();
      try {
        if (h == null) h = new Helper();
        Object r = h.evaluate(name, values);
        if (r == null) result();
        else if (r instanceof Long l) result(l);
        else if (r instanceof Integer i) result(i);
        else if (r instanceof Double d) result(d);
        else if (r instanceof byte[] b) result(b);
        else result(r.toString());
      } catch (SQLException e) {
        error(e.getMessage());
      } finally {
        if (h != null) IDLE.push(h);
      }
    }

    private Object value(int i) throws SQLException {
      switch (value_type(i)) {
        case INTEGER: return value_long(i);
        case FLOAT: return value_double(i);
        case TEXT: return value_text(i);
        // the built-in functions read a blob as text: so must the check for 'now' (CAST('now' AS BLOB))
        case BLOB: return new String(value_blob(i), java.nio.charset.StandardCharsets.UTF_8);
        default: return null;
      }
    }
  }

  /** A plain in-memory connection (no pinned functions) with its statements, one per function and arity. */
  private static final class Helper {
    private final SQLiteConnection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Helper() throws SQLException {
      connection = Sqlite.openMemory();
      connection.getDatabase().limit(SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), SqliteGuard.MAX_VALUE_BYTES);
    }

    Object evaluate(String function, List<Object> values) throws SQLException {
      String key = function + "/" + values.size();
      PreparedStatement ps = statements.get(key);
      if (ps == null) {
        StringBuilder sql = new StringBuilder("SELECT ").append(function).append('(');
        for (int i = 0; i < values.size(); i++) sql.append(i == 0 ? "?" : ", ?");
        ps = connection.prepareStatement(sql.append(')').toString());
        statements.put(key, ps);
      }
      for (int i = 0; i < values.size(); i++) ps.setObject(i + 1, values.get(i));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      } catch (SQLException e) {
        statements.remove(key).close(); // a statement that failed may be finalized (see HandleDb)
        throw e;
      }
    }
  }
}
