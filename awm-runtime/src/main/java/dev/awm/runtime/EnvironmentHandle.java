package dev.awm.runtime;

import dev.awm.core.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.runtime.api.Args;
import dev.awm.runtime.api.DbException;
import dev.awm.runtime.api.ToolError;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * One isolated episode of an {@link Environment}: its own in-memory SQLite database, starting in
 * the environment's initial state.
 *
 * <p><b>Contract.</b> {@link #callTool} never throws for bad input: an unknown tool, arguments that
 * do not match the tool's input schema, or a tool that fails give an error {@link ToolResult}, and
 * the database is exactly as it was before the call. {@link #reset()} returns the database to the
 * initial state without running any SQL from the definition. {@link #close()} frees the connection;
 * a closed handle refuses every call with an {@link IllegalStateException}.
 *
 * <p><b>How state is kept.</b> The first write of an episode opens one SQLite transaction that is
 * never committed; each call that writes runs in a savepoint inside it. A failed call rolls back to its savepoint; a reset rolls
 * back the episode (microseconds, proportional to what it changed), falling back to restoring the
 * initial image when the transaction cannot be rolled back.
 *
 * <p><b>Threading.</b> A handle is used by one thread at a time (its methods are synchronized, so
 * misuse is safe but serialized); different handles run fully in parallel.
 */
public final class EnvironmentHandle implements ToolSession, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentHandle.class);

  private final Environment environment;
  private SQLiteConnection connection;
  private HandleDb db;
  private DatabaseView view;
  private Object tools;
  private PreparedStatement begin, rollback, savepoint, release, rollbackToSavepoint;
  private boolean inSavepoint;
  /** The episode's transaction is open: begun lazily by the first write, ended by a reset. */
  private boolean dirty;
  private boolean closed;
  private long calls, errors, resets;

  EnvironmentHandle(Environment environment) throws SQLException {
    this.environment = environment;
    open();
  }

  private void open() throws SQLException {
    connection = Sqlite.openImage(environment.imageBytes());
    try {
      if (environment.foreignKeys()) {
        try (var st = connection.createStatement()) {
          st.execute("PRAGMA foreign_keys = ON");
        }
      }
      begin = connection.prepareStatement("BEGIN");
      rollback = connection.prepareStatement("ROLLBACK");
      savepoint = connection.prepareStatement("SAVEPOINT awm_call");
      release = connection.prepareStatement("RELEASE awm_call");
      rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO awm_call");
      db = new HandleDb(connection, this::beforeWrite, false);
      view = new DatabaseView(connection, false);
      tools = environment.binding() == null ? null : environment.binding().instantiate(db);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The environment this handle belongs to. */
  public Environment environment() {
    return environment;
  }

  /** The tools' descriptors (the same for every handle of the environment). */
  @Override
  public List<ToolDescriptor> listTools() {
    ensureOpen();
    return environment.tools();
  }

  /**
   * Calls tool {@code name} with {@code arguments} (plain JSON values; null means none).
   *
   * @return the result; an error result for any bad input or tool failure
   * @throws IllegalStateException if the handle is closed
   */
  @Override
  public synchronized ToolResult callTool(String name, Map<String, Object> arguments) {
    ensureOpen();
    calls++;
    ToolSignature sig = name == null ? null : environment.signature(name);
    if (sig == null) return fail(name, ToolResult.Kind.BAD_REQUEST, "unknown tool '" + name + "'; this environment has " + environment.tools().size() + " tools, see listTools()");
    Map<String, Object> checked;
    try {
      checked = sig.check(arguments);
    } catch (IllegalArgumentException e) {
      return fail(name, ToolResult.Kind.BAD_REQUEST, e.getMessage());
    }
    try {
      Object value = environment.binding().invoke(tools, name, new Args(checked));
      PlainJson.check(value);
      String json = JsonValues.write(value);
      endCall(true);
      return ToolResult.ok(name, json);
    } catch (Throwable t) {
      endCall(false);
      if (t instanceof Error && !(t instanceof StackOverflowError) && !(t instanceof OutOfMemoryError)) throw (Error) t;
      return fail(name, t instanceof ToolError ? ToolResult.Kind.TOOL_ERROR : ToolResult.Kind.TOOL_FAILURE, describe(name, t));
    }
  }

  /** Calls tool {@code name} with arguments given as JSON text (an object); bad JSON is an error result. */
  public ToolResult callTool(String name, String argumentsJson) {
    Object args;
    try {
      args = argumentsJson == null || argumentsJson.isBlank() ? null : JsonValues.parse(argumentsJson);
    } catch (RuntimeException e) {
      ensureOpen();
      return fail(name, ToolResult.Kind.BAD_REQUEST, "arguments of tool '" + name + "' are not valid JSON: " + firstLine(e.getMessage()));
    }
    if (args != null && !(args instanceof Map)) {
      ensureOpen();
      return fail(name, ToolResult.Kind.BAD_REQUEST, "arguments of tool '" + name + "' must be a JSON object, got " + JsonType.describe(args));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) args;
    return callTool(name, map);
  }

  /** Calls {@code call.name()} with {@code call.arguments()}. */
  public ToolResult callTool(ToolCall call) {
    return callTool(call.name(), call.arguments());
  }

  /**
   * Returns the database to the environment's initial state. Cheap when the episode wrote little;
   * free when it wrote nothing.
   *
   * @throws IllegalStateException if the handle is closed or the state cannot be restored
   */
  public synchronized void reset() {
    ensureOpen();
    resets++;
    if (!dirty) return;
    try {
      rollback.execute();
      dirty = false;
    } catch (SQLException e) {
      LOG.warn("environment '{}': rollback failed ({}); restoring the initial image", environment.name(), e.getMessage());
      restoreImage();
    }
  }

  /** Replaces the database with a fresh copy of the initial image (the fallback of {@link #reset()}). */
  synchronized void restoreImage() {
    ensureOpen();
    closeConnection();
    try {
      open();
      dirty = false;
    } catch (SQLException e) {
      closed = true;
      environment.handleClosed();
      throw new IllegalStateException("environment '" + environment.name() + "': cannot restore the initial database: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a read-only query on the handle's current state (for inspection, tests and verifiers);
   * SQLite refuses any write it attempts.
   *
   * @throws dev.awm.runtime.api.DbException if the statement fails or tries to write
   */
  public synchronized List<Map<String, Object>> query(String sql, Object... params) {
    ensureOpen();
    return view.query(sql, params);
  }

  /**
   * A read-only view of the handle's current database, valid until the next {@link #reset()} or
   * {@link #close()}; use it from the thread that uses the handle.
   */
  public synchronized DatabaseView view() {
    ensureOpen();
    return view;
  }

  /**
   * The handle's current database as a SQLite file image (including the episode's uncommitted
   * changes): what a run directory saves as {@code final.db}.
   */
  public synchronized byte[] serialize() {
    ensureOpen();
    try {
      return dirty ? StateCopy.image(connection) : connection.serialize("main");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("environment '" + environment.name() + "': cannot serialize the database: " + e.getMessage(), e);
    }
  }

  /** Calls made on this handle, including failed ones. */
  public synchronized long calls() {
    return calls;
  }

  /** Calls that returned an error result. */
  public synchronized long errors() {
    return errors;
  }

  /** Resets made on this handle. */
  public synchronized long resets() {
    return resets;
  }

  /** Whether {@link #close()} was called. */
  public synchronized boolean isClosed() {
    return closed;
  }

  /** Frees the connection. Idempotent; afterwards every call throws {@link IllegalStateException}. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    closeConnection();
    environment.handleClosed();
  }

  // ---- internals -----------------------------------------------------------------------------

  private void beforeWrite() throws SQLException {
    if (inSavepoint) return;
    if (!dirty) {
      begin.execute();
      dirty = true;
    }
    savepoint.execute();
    inSavepoint = true;
  }

  private void endCall(boolean success) {
    if (!inSavepoint) return;
    inSavepoint = false;
    try {
      if (!success) rollbackToSavepoint.execute();
      release.execute();
    } catch (SQLException e) {
      LOG.warn("environment '{}': ending a call's savepoint failed ({}); restoring the initial image", environment.name(), e.getMessage());
      restoreImage();
    }
  }

  private ToolResult fail(String name, ToolResult.Kind kind, String message) {
    errors++;
    return ToolResult.error(name, kind, message);
  }

  private String describe(String tool, Throwable t) {
    if (t instanceof ToolError) return t.getMessage();
    String where = environment.binding().location(t);
    String prefix = "tool '" + tool + "' failed" + (where.isEmpty() ? "" : " at " + where) + ": ";
    if (t instanceof DbException) return prefix + "database error: " + t.getMessage();
    if (t instanceof PlainJson.NotPlainJson) {
      return "tool '" + tool + "' failed: its result cannot be written as JSON: " + t.getMessage();
    }
    if (t instanceof tools.jackson.core.JacksonException) return prefix + "its result cannot be written as JSON: " + firstLine(t.getMessage());
    return prefix + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("handle of environment '" + environment.name() + "' is closed");
  }

  private void closeConnection() {
    inSavepoint = false;
    if (db != null) db.clearCache();
    if (view != null) view.clearCache();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a handle's connection: {}", e.getMessage());
    }
  }
}
