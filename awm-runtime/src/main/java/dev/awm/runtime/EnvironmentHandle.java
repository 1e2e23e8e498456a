package dev.awm.runtime;

import dev.awm.core.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.runtime.api.Args;
import dev.awm.runtime.api.Db;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * <p><b>Sandbox.</b> Tool code runs under the environment's {@link SandboxLimits}, on a sandbox
 * worker thread or on the caller's (see {@link Isolation}): a call that runs too long or allocates
 * too much is stopped and returns a {@link ToolResult.Kind#LIMIT_EXCEEDED} result, its changes
 * rolled back. If a worker thread cannot be stopped (stuck inside a library call), it is abandoned:
 * the database is still rolled back, the abandoned thread can no longer reach it, and the tool
 * object is re-created; the result says so.
 *
 * <p><b>Threading.</b> A handle is used by one thread at a time (its methods are synchronized, so
 * misuse is safe but serialized); different handles run fully in parallel.
 */
public final class EnvironmentHandle implements ToolSession, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentHandle.class);

  /**
   * Generated inspection code, such as a verifier, run by {@link #inspect}.
   *
   * @param <T> what it computes
   */
  @FunctionalInterface
  public interface Inspection<T> {
    /** Reads {@code initial} (the environment's initial database) and {@code current} (this handle's); both read-only. */
    T run(Db initial, Db current);
  }

  private static final String RESTORED = "; SQLite rolled back the episode's whole transaction (a writing statement was "
      + "interrupted or filled the database), so the database was restored to its initial state";

  private final Environment environment;
  private final SandboxLimits limits;
  private SQLiteConnection connection;
  private SqliteGuard guard;
  private HandleDb db;
  private DatabaseView view;
  private Object tools;
  private EpisodeTransaction tx;
  /** The committed database is the environment's initial image (false for a fork, until its first reset). */
  private boolean atInitial;
  private boolean closed;
  /** Why calls are refused (the tool object could not be re-created after a stuck call); null while usable. */
  private String unusable;
  private long calls, errors, resets;

  /** A handle whose database starts as {@code start} (a fork), or as the initial image when null. */
  EnvironmentHandle(Environment environment, byte[] start) throws SQLException {
    this.environment = environment;
    this.limits = environment.limits();
    open(start == null ? environment.imageBytes() : start);
    atInitial = start == null;
  }

  private void open() throws SQLException {
    open(environment.imageBytes());
    atInitial = true;
  }

  private void open(byte[] image) throws SQLException {
    connection = Sqlite.openImage(image);
    try {
      guard = SqliteGuard.install(connection);
      if (environment.foreignKeys()) {
        try (var st = connection.createStatement()) {
          st.execute("PRAGMA foreign_keys = ON");
        }
      }
      tx = new EpisodeTransaction(connection);
      db = new HandleDb(connection, guard, tx::beforeWrite, false, limits.maxRows());
      view = new DatabaseView(connection, guard, false, Integer.MAX_VALUE);
      unusable = null;
      tools = environment.binding() == null ? null : newTools();
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
    if (unusable != null) return fail(name, ToolResult.Kind.TOOL_FAILURE, unusable);
    Args args = new Args(checked);
    guard.clear();
    Object instance = tools;
    Sandbox.Outcome<ToolBinding.Result> o = Sandbox.run(environment.isolation(), limits.callTimeout().toNanos(),
        limits.maxAllocatedBytes(), () -> environment.binding().call(instance, name, args, limits.maxResultChars()), guard::cancel);
    if (o.limit() != null) return limitExceeded(name, o);
    ToolBinding.Result r = o.thrown() == null ? o.value()
        : new ToolBinding.Result(ToolResult.Kind.TOOL_FAILURE, "tool '" + name + "' failed: " + Untrusted.describeOutside(o.thrown()));
    boolean restored = endCall(r.kind() == ToolResult.Kind.OK);
    if (r.kind() == ToolResult.Kind.OK) return ToolResult.ok(name, r.text());
    return fail(name, r.kind(), r.text() + (restored ? RESTORED : ""));
  }

  private String exceeded(Sandbox.Outcome<?> o, Duration timeout) {
    return o.describeLimit(timeout, limits.maxAllocatedBytes());
  }

  /** A call went past a limit: roll it back and, if its thread is stuck, cut that thread off the database. */
  private ToolResult limitExceeded(String name, Sandbox.Outcome<?> o) {
    StringBuilder message = new StringBuilder("tool '").append(name).append("' ").append(exceeded(o, limits.callTimeout()));
    if (!o.stopped()) db.revoke();
    guard.clear();
    if (endCall(false)) {
      message.append(RESTORED);
    } else if (o.stopped()) {
      message.append("; its changes were rolled back");
    } else {
      db = new HandleDb(connection, guard, tx::beforeWrite, false, limits.maxRows());
      message.append("; its changes were rolled back");
      try {
        tools = newTools();
        message.append(" and the tool object was re-created");
      } catch (IllegalStateException e) {
        tools = null;
        unusable = "this handle is unusable: after a stuck call, " + e.getMessage() + "; reset() or close it";
        message.append("; ").append(unusable);
      }
    }
    return fail(name, ToolResult.Kind.LIMIT_EXCEEDED, message.toString());
  }

  /** A new tool object, its constructor run in the sandbox; what it wrote stays (as before any call). */
  private Object newTools() {
    HandleDb forTools = db;
    guard.clear();
    Sandbox.Outcome<Object> o = Sandbox.run(environment.isolation(), limits.callTimeout().toNanos(), limits.maxAllocatedBytes(),
        () -> environment.binding().instantiate(forTools), guard::cancel);
    if (o.limit() == null && o.thrown() == null) {
      endCall(true);
      return o.value();
    }
    if (o.limit() != null && !o.stopped()) forTools.revoke();
    guard.clear();
    endCall(false);
    Throwable t = o.thrown();
    String why = o.limit() != null ? "the tool class constructor " + exceeded(o, limits.callTimeout())
        : t instanceof IllegalStateException && !GeneratedClassLoader.isGenerated(t.getClass()) ? t.getMessage()
        : "the tool class constructor failed: " + Untrusted.describeOutside(t);
    throw new IllegalStateException("environment '" + environment.name() + "': " + why);
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
    if (unusable != null || !atInitial) {
      restoreImage();
      return;
    }
    try {
      tx.rollback();
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
    } catch (SQLException | IllegalStateException e) {
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
      commitEpisode();
      return connection.serialize("main");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("environment '" + environment.name() + "': cannot serialize the database: " + e.getMessage(), e);
    }
  }

  /**
   * Runs untrusted inspection code, such as a verifier, in the sandbox (where the environment's
   * {@link Isolation} says) under its verifier limits: {@code task} gets read-only views of the environment's initial database and of
   * this handle's current one, at most {@link SandboxLimits#maxRows()} rows per query. Neither
   * database changes. What the task throws comes out unchanged, unless it is of a class of generated
   * code (then a {@link SandboxException} of kind {@code FAILED} names it).
   *
   * @param what what runs, for messages (for example {@code verifier of task 3})
   * @throws SandboxException if the task ran past the time or memory limit
   * @throws IllegalStateException if the handle is closed or the initial database cannot be opened
   */
  public synchronized <T> T inspect(String what, Inspection<T> task) {
    ensureOpen();
    DatabaseView initial = environment.openInitialView(limits.maxRows());
    DatabaseView current = new DatabaseView(connection, guard, false, limits.maxRows());
    guard.clear();
    Sandbox.Outcome<T> o = Sandbox.run(environment.isolation(), limits.verifierTimeout().toNanos(), limits.maxAllocatedBytes(),
        () -> task.run(initial, current), () -> {
          guard.cancel();
          initial.guard().cancel();
        });
    try {
      if (o.limit() != null) {
        if (!o.stopped()) {
          current.revoke();
          initial.revoke();
        }
        guard.clear();
        writable();
        throw new SandboxException(o.limit() == Sandbox.Limit.TIME ? SandboxException.Kind.TIMEOUT : SandboxException.Kind.MEMORY,
            what + " " + exceeded(o, limits.verifierTimeout()));
      }
      Throwable t = o.thrown();
      if (t == null) return o.value();
      if (!GeneratedClassLoader.isGenerated(t.getClass())) {
        if (t instanceof RuntimeException) throw (RuntimeException) t;
        if (t instanceof Error) throw (Error) t;
      }
      throw new SandboxException(SandboxException.Kind.FAILED, what + " failed: " + t.getClass().getName());
    } finally {
      current.clearCache();
      initial.close();
    }
  }

  /** A read-only view's statement may have been cut off before it switched the connection back to writable. */
  private void writable() {
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA query_only = 0");
    } catch (SQLException e) {
      LOG.warn("environment '{}': could not make the database writable again ({}); restoring the initial image",
          environment.name(), e.getMessage());
      restoreImage();
    }
  }

  /**
   * A new handle that starts from this handle's current state (its episode's changes included),
   * for tree search and for groups of rollouts from a shared intermediate state. The two are
   * independent from then on; each one's {@link #reset()} returns it to the environment's initial
   * state, as for any handle (this handle's next reset reloads the image, see the README's figures).
   * Costs about as much as {@link Environment#newHandle()}. The caller closes the fork.
   *
   * @throws IllegalStateException if this handle is closed or its state cannot be copied
   */
  public synchronized EnvironmentHandle fork() {
    ensureOpen();
    try {
      commitEpisode();
      return environment.newHandle(atInitial ? null : connection.serialize("main"));
    } catch (SQLException e) {
      throw new IllegalStateException("environment '" + environment.name() + "': cannot fork the handle: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the episode's changes the committed state of this handle's own database, so that SQLite
   * can serialize them (it does not see an open transaction). Nothing changes for the agent; the
   * next {@link #reset()} reloads the initial image instead of rolling back (about a hundred
   * microseconds instead of one or two, once).
   */
  private void commitEpisode() throws SQLException {
    if (!tx.isOpen()) return;
    tx.commit();
    atInitial = false;
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

  /**
   * Ends a call's savepoint. Returns true when that was impossible and the database was restored to
   * its initial state instead: SQLite rolls back the whole transaction when a writing statement is
   * interrupted or fills the database, and the episode's earlier changes are then gone.
   */
  private boolean endCall(boolean success) {
    try {
      tx.endCall(success);
      return false;
    } catch (SQLException e) {
      LOG.warn("environment '{}': ending a call's savepoint failed ({}); restoring the initial image", environment.name(), e.getMessage());
      restoreImage();
      return true;
    }
  }

  private ToolResult fail(String name, ToolResult.Kind kind, String message) {
    errors++;
    return ToolResult.error(name, kind, message);
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
    if (db != null) db.clearCache();
    if (view != null) view.clearCache();
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.debug("closing a handle's connection: {}", e.getMessage());
    }
  }
}
