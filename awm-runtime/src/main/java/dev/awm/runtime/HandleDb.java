package dev.awm.runtime;

import dev.awm.runtime.api.Db;
import dev.awm.runtime.api.DbException;
import java.math.BigDecimal;
import java.math.BigInteger;
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
 * handle first (so that it can open the call's savepoint only when a call really writes), at most
 * {@code maxRows} rows per query. Confined to the handle's thread discipline; not thread-safe.
 *
 * <p>Statement cache: a statement that fails or is stopped while it runs is evicted and closed
 * (sqlite-jdbc finalizes some failed statements and leaves the Java object looking open: neither
 * {@code isClosed()} tells), so the cache only ever holds statements
 * whose last run completed, and a connection handed to another handle carries none in a bad state.
 *
 * <p>Sandboxing: parameters are turned into plain values before any lock is taken (generated code
 * may pass objects of its own classes); each statement then runs holding the connection's
 * {@link SqliteGuard}, after checking that this facade was not revoked and its run not cancelled.
 * Once {@link #revoke()} returns, this facade never touches the connection again. A facade given to
 * generated code is <em>confined</em>: it works only on the thread of the run it was given to,
 * between {@link #enter()} and {@link #exit()}, so that a {@code Db} kept past its call (or reached
 * from another handle) is useless. A writing facade also keeps a {@link WriteBudget} per call.
 */
final class HandleDb implements Db {
  /** Told before the first write of a call. */
  interface WriteListener {
    void beforeWrite() throws SQLException;
  }

  private static final int CACHE_SIZE = 128;

  private final Connection connection;
  private final SqliteGuard guard;
  private final WriteListener listener;
  private final boolean readOnly;
  private final int maxRows;
  /** Null for a facade of the runtime's own (not confined); else the budget of the current call. */
  private final WriteBudget budget;
  private final boolean confined;
  /** The thread of the run this confined facade serves now, or null between runs. */
  private volatile Thread owner;
  private volatile boolean revoked;
  private PreparedStatement lastRowid;
  /** Kinds of statements by text (a bounded memo of {@link SqlGuard#classify}); guarded by {@code guard}. */
  private final Map<String, SqlGuard.Kind> kinds = new java.util.HashMap<>();
  /**
   * The column names of cached statements that returned rows, with the result set sqlite-jdbc reuses
   * for each: sqlite-jdbc forgets the names when a result set closes and reads them again through
   * JNI for the next (14 calls for a 14-column query); given back before it opens the next one, they
   * are not read again. Not used once the schema may have changed ({@link SqliteGuard#schemaMayHaveChanged()}).
   */
  private final Map<PreparedStatement, ColumnNames> names = new java.util.IdentityHashMap<>();

  private record ColumnNames(org.sqlite.core.CoreResultSet resultSet, String[] labels) {}

  private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
      if (size() <= CACHE_SIZE) return false;
      names.remove(eldest.getValue());
      closeQuietly(eldest.getValue());
      return true;
    }
  };

  /** A facade for the runtime's own use (a handle's view, an owned view): not confined, no write budget. */
  HandleDb(Connection connection, SqliteGuard guard, WriteListener listener, boolean readOnly, int maxRows) {
    this(connection, guard, listener, readOnly, maxRows, null, false);
  }

  private HandleDb(Connection connection, SqliteGuard guard, WriteListener listener, boolean readOnly, int maxRows,
      WriteBudget budget, boolean confined) {
    this.connection = connection;
    this.guard = guard;
    this.listener = listener;
    this.readOnly = readOnly;
    this.maxRows = maxRows;
    this.budget = budget;
    this.confined = confined;
  }

  /** The writing facade tool code gets: confined to its runs, each call with its write budget. */
  static HandleDb forTools(Connection connection, SqliteGuard guard, WriteListener listener, SandboxLimits limits) {
    return new HandleDb(connection, guard, listener, false, limits.maxRows(), new WriteBudget(connection, limits), true);
  }

  /** A read-only facade confined to one run of generated code (a verifier's view). */
  static HandleDb confinedView(Connection connection, SqliteGuard guard, int maxRows) {
    return new HandleDb(connection, guard, () -> { }, true, maxRows, null, true);
  }

  /** The current thread's run may use this facade (and a new call's write budget starts). */
  void enter() {
    if (budget != null) budget.startCall();
    owner = Thread.currentThread();
  }

  /** The run on the current thread is over: this facade refuses every statement until the next {@link #enter()}. */
  void exit() {
    if (owner == Thread.currentThread()) owner = null;
  }

  /** Runs {@code body} (a run of generated code, on the current thread) with this facade entered. */
  <T> T within(java.util.concurrent.Callable<T> body) throws Exception {
    enter();
    try {
      return body.call();
    } finally {
      exit();
    }
  }

  /** The write limit the current call went past (see {@link WriteBudget#exceeded()}), or null. */
  String writeLimitExceeded() {
    return budget == null ? null : budget.exceeded();
  }

  @Override
  public List<Map<String, Object>> query(String sql, Object... params) {
    return rows(sql, params, maxRows, true);
  }

  @Override
  public Map<String, Object> queryOne(String sql, Object... params) {
    List<Map<String, Object>> rows = rows(sql, params, 1, false);
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public Object scalar(String sql, Object... params) {
    Map<String, Object> row = queryOne(sql, params);
    return row == null || row.isEmpty() ? null : row.values().iterator().next();
  }

  @Override
  public int update(String sql, Object... params) {
    return (int) write(sql, params, false);
  }

  @Override
  public long insert(String sql, Object... params) {
    return write(sql, params, true);
  }

  @Override
  public java.time.LocalDateTime now() {
    return guard.now();
  }

  /** Runs a writing statement; returns the rows it changed, or the last inserted rowid when {@code rowid}. */
  private long write(String sql, Object[] params, boolean rowid) {
    Object[] values = bindables(params);
    synchronized (guard) {
      SqlGuard.Kind kind = kindOf(sql);
      PreparedStatement ps = prepare(sql, kind, values);
      boolean done = false;
      try {
        guardOn();
        int changed = ps.executeUpdate();
        if (budget != null && kind == SqlGuard.Kind.WRITE) budget.afterWrite();
        done = true;
        if (!rowid) return changed;
        try (ResultSet rs = lastRowid().executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        } catch (SQLException e) {
          closeLastRowid();
          throw e;
        }
      } catch (SQLException e) {
        if (budget != null && kind == SqlGuard.Kind.WRITE) budget.refusedBySqlite(e);
        throw failure(sql, e);
      } finally {
        if (!done) evict(sql, ps);
        guardOff();
      }
    }
  }

  /** {@code SELECT last_insert_rowid()}, prepared once; call holding the guard. */
  private PreparedStatement lastRowid() throws SQLException {
    if (lastRowid == null) lastRowid = connection.prepareStatement("SELECT last_insert_rowid()");
    return lastRowid;
  }

  /**
   * Makes every later use of this facade fail (with the run's cancellation), waiting for a
   * statement in flight to end first; it ends soon, since the guard is cancelled.
   */
  void revoke() {
    revoked = true;
    synchronized (guard) {
      clearCache();
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

  private List<Map<String, Object>> rows(String sql, Object[] params, int limit, boolean bounded) {
    Object[] values = bindables(params);
    synchronized (guard) {
      SqlGuard.Kind kind = kindOf(sql);
      PreparedStatement ps = prepare(sql, kind, values);
      List<Map<String, Object>> out = new ArrayList<>();
      boolean done = false;
      try {
        guardOn();
        boolean hasRows = ps.execute();
        if (!hasRows) {
          done = true;
          return out;
        }
        ColumnNames known = guard.schemaMayHaveChanged() ? null : names.get(ps);
        if (known != null) known.resultSet().colsMeta = known.labels(); // getResultSet() then reads no names
        try (ResultSet rs = ps.getResultSet()) {
          String[] labels = labels(rs);
          if (known != null && rs != known.resultSet()) {
            names.remove(ps); // not the result set sqlite-jdbc reused: it read the names itself
          } else if (known == null && rs instanceof org.sqlite.core.CoreResultSet core && cache.get(sql) == ps && !guard.schemaMayHaveChanged()) {
            names.put(ps, new ColumnNames(core, labels));
          }
          int n = labels.length;
          Object[] cells = new Object[n];
          while (rs.next()) {
            if (out.size() == limit) {
              if (!bounded) break;
              throw new DbException("query returned more than " + limit + " rows, the limit for one query; "
                  + "add a LIMIT or aggregate in SQL (in: " + SqlGuard.abbreviate(sql) + ")");
            }
            RowValues.read(ps, rs, cells);
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) row.put(labels[i], cells[i]);
            out.add(row);
          }
        }
        done = true;
        return out;
      } catch (SQLException e) {
        if (budget != null && kind == SqlGuard.Kind.WRITE) budget.refusedBySqlite(e);
        throw failure(sql, e);
      } finally {
        if (!done) evict(sql, ps);
        guardOff();
      }
    }
  }

  /** The kind of statement {@code sql} (classified once per text, as long as it is cached); call holding the guard. */
  private SqlGuard.Kind kindOf(String sql) {
    SqlGuard.Kind kind = kinds.get(sql);
    if (kind == null) {
      kind = SqlGuard.classify(sql); // throws for a refused statement, which is never cached
      if (kinds.size() >= CACHE_SIZE) kinds.clear();
      kinds.put(sql, kind);
    }
    return kind;
  }

  /**
   * The column labels of {@code rs}: those sqlite-jdbc read when it opened the result set, rather
   * than reading each again through the native library.
   */
  private static String[] labels(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    if (rs instanceof org.sqlite.core.CoreResultSet core && core.cols != null && core.cols.length == n) return core.cols;
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) labels[i] = md.getColumnLabel(i + 1);
    return labels;
  }

  /** Prepares (or reuses) and binds a statement; call holding the guard. */
  private PreparedStatement prepare(String sql, SqlGuard.Kind kind, Object[] values) {
    if (revoked || guard.isCancelled()) throw SandboxCancelled.INSTANCE;
    if (confined && owner != Thread.currentThread()) {
      throw new DbException("this Db can no longer be used: a Db works only inside the tool call or verifier run it was "
          + "given to (keep no Db beyond it)");
    }
    PreparedStatement ps = null;
    try {
      if (kind == SqlGuard.Kind.WRITE && !readOnly) {
        if (budget != null) budget.beforeWrite(values);
        listener.beforeWrite();
      }
      // a cached statement is rebound, never cleared: every parameter is set below, and SQLite's
      // sqlite3_clear_bindings marks a statement whose plan may depend on its parameters as
      // expired, so the next step compiles it again (25 µs for a four-table join, 2.5x the query)
      ps = cache.get(sql);
      if (ps == null) {
        if (SqlGuard.changesSchema(sql)) guard.schemaMayChange();
        ps = connection.prepareStatement(sql);
        cache.put(sql, ps);
      }
      int expected = ps.getParameterMetaData().getParameterCount();
      if (expected != values.length) {
        throw new DbException("statement has " + expected + " parameter(s) but " + values.length + " value(s) were given: "
            + SqlGuard.abbreviate(sql));
      }
      for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
      return ps;
    } catch (SQLException e) {
      if (ps != null) evict(sql, ps);
      throw failure(sql, e);
    }
  }

  /** Drops {@code ps} from the cache and closes it: it failed or was stopped while it ran. */
  private void evict(String sql, PreparedStatement ps) {
    if (cache.get(sql) == ps) cache.remove(sql);
    names.remove(ps);
    closeQuietly(ps);
  }

  /** Plain values to bind, made before any lock is taken: no code of the caller's classes runs later. */
  private static Object[] bindables(Object[] params) {
    if (params == null) return new Object[0];
    Object[] out = new Object[params.length];
    for (int i = 0; i < params.length; i++) out[i] = bindable(params[i], i + 1);
    return out;
  }

  private static Object bindable(Object v, int position) {
    if (v == null || v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Double) return v;
    if (v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
    if (v instanceof Float) return ((Float) v).doubleValue();
    if (v instanceof Boolean) return ((Boolean) v) ? 1 : 0;
    if (v instanceof Character) return v.toString();
    if (v instanceof byte[]) return ((byte[]) v).clone();
    if (v.getClass() == BigDecimal.class) return ((BigDecimal) v).doubleValue();
    if (v.getClass() == BigInteger.class) {
      BigInteger b = (BigInteger) v;
      if (b.bitLength() > 63) throw new DbException("parameter " + position + " is an integer outside the 64-bit range SQLite stores: " + b);
      return b.longValue();
    }
    if (v instanceof Map || v instanceof List) return dev.awm.core.internal.JsonValues.write(v);
    throw new DbException("parameter " + position + " is a " + v.getClass().getName()
        + "; bind strings, numbers, booleans, byte[], lists, maps or null");
  }

  /** The failure to throw; when the run was cancelled (SQLite aborted the statement), throws the cancellation instead. */
  private DbException failure(String sql, SQLException e) {
    if (guard.isCancelled()) throw SandboxCancelled.INSTANCE;
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    return new DbException(msg + " (in: " + SqlGuard.abbreviate(sql) + ")", e);
  }

  /** Closes every cached statement (before a reset that replaces the database, or on close). */
  void clearCache() {
    synchronized (guard) {
      for (PreparedStatement ps : cache.values()) closeQuietly(ps);
      cache.clear();
      names.clear();
      closeLastRowid();
      if (budget != null) budget.close();
    }
  }

  private void closeLastRowid() {
    if (lastRowid != null) closeQuietly(lastRowid);
    lastRowid = null;
  }

  private static void closeQuietly(PreparedStatement ps) {
    try {
      ps.close();
    } catch (SQLException ignored) {
      // closing a statement of a connection that is going away
    }
  }
}
