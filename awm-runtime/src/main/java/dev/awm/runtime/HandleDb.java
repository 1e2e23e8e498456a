package dev.awm.runtime;

import dev.awm.runtime.api.Db;
import dev.awm.runtime.api.DbException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Db} of one handle: prepared statements cached per SQL text, writes announced to the
 * handle first (so that it can open the call's savepoint only when a call really writes).
 * Confined to the handle's thread discipline; not thread-safe.
 */
final class HandleDb implements Db {
  /** Told before the first write of a call. */
  interface WriteListener {
    void beforeWrite() throws SQLException;
  }

  private static final int CACHE_SIZE = 128;

  private final Connection connection;
  private final WriteListener listener;
  private final boolean readOnly;
  private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= CACHE_SIZE) return false;
      closeQuietly(eldest.getValue());
      return true;
    }
  };

  HandleDb(Connection connection, WriteListener listener, boolean readOnly) {
    this.connection = connection;
    this.listener = listener;
    this.readOnly = readOnly;
  }

  @Override
  public List<Map<String, Object>> query(String sql, Object... params) {
    return rows(sql, params, Integer.MAX_VALUE);
  }

  @Override
  public Map<String, Object> queryOne(String sql, Object... params) {
    List<Map<String, Object>> rows = rows(sql, params, 1);
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public Object scalar(String sql, Object... params) {
    Map<String, Object> row = queryOne(sql, params);
    return row == null || row.isEmpty() ? null : row.values().iterator().next();
  }

  @Override
  public int update(String sql, Object... params) {
    PreparedStatement ps = prepare(sql, params);
    try {
      guardOn();
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(sql, e);
    } finally {
      guardOff();
    }
  }

  /**
   * In a read-only view, SQLite itself refuses writes while a statement runs. A flag PRAGMA takes
   * effect when it is prepared, so these are run as fresh statements, never cached.
   */
  private void guardOn() throws SQLException {
    if (!readOnly) return;
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA query_only = 1");
    }
  }

  private void guardOff() {
    if (!readOnly) return;
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA query_only = 0");
    } catch (SQLException e) {
      throw failure("PRAGMA query_only = 0", e);
    }
  }

  @Override
  public long insert(String sql, Object... params) {
    update(sql, params);
    Object id = scalar("SELECT last_insert_rowid()");
    return id == null ? 0L : ((Number) id).longValue();
  }

  private List<Map<String, Object>> rows(String sql, Object[] params, int limit) {
    PreparedStatement ps = prepare(sql, params);
    List<Map<String, Object>> out = new ArrayList<>();
    try {
      guardOn();
      boolean hasRows = ps.execute();
      if (!hasRows) return out;
      try (ResultSet rs = ps.getResultSet()) {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) labels[i] = md.getColumnLabel(i + 1);
        while (out.size() < limit && rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>(n * 2);
          for (int i = 0; i < n; i++) row.put(labels[i], value(rs.getObject(i + 1)));
          out.add(row);
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure(sql, e);
    } finally {
      guardOff();
    }
  }

  private PreparedStatement prepare(String sql, Object[] params) {
    SqlGuard.Kind kind = SqlGuard.classify(sql);
    try {
      if (kind == SqlGuard.Kind.WRITE && !readOnly) listener.beforeWrite();
      PreparedStatement ps = cache.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        cache.put(sql, ps);
      } else {
        ps.clearParameters();
      }
      int expected = ps.getParameterMetaData().getParameterCount();
      int given = params == null ? 0 : params.length;
      if (expected != given) {
        throw new DbException("statement has " + expected + " parameter(s) but " + given + " value(s) were given: "
            + SqlGuard.abbreviate(sql));
      }
      for (int i = 0; i < given; i++) ps.setObject(i + 1, bindable(params[i]));
      return ps;
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  private static Object bindable(Object v) {
    if (v instanceof Boolean) return ((Boolean) v) ? 1 : 0;
    if (v instanceof java.math.BigDecimal) return ((java.math.BigDecimal) v).doubleValue();
    if (v instanceof java.math.BigInteger) return ((java.math.BigInteger) v).longValue();
    if (v instanceof Map || v instanceof List) return dev.awm.core.JsonValues.write(v);
    return v;
  }

  private static Object value(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float) return ((Float) v).doubleValue();
    return v;
  }

  private static DbException failure(String sql, SQLException e) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    return new DbException(msg + " (in: " + SqlGuard.abbreviate(sql) + ")", e);
  }

  /** Closes every cached statement (before a reset that replaces the database, or on close). */
  void clearCache() {
    for (PreparedStatement ps : cache.values()) closeQuietly(ps);
    cache.clear();
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // closing a statement of a connection that is going away
    }
  }
}
