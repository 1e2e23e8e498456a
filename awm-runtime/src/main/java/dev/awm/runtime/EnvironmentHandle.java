package dev.awm.runtime;

import dev.awm.core.ToolCall;
import dev.awm.runtime.api.Args;
import dev.awm.runtime.api.Db;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One isolated episode of an {@link Environment}: its own in-memory SQLite database, starting in
 * the environment's initial state.
 *
 * <p><b>Contract.</b> {@link #callTool} never throws for bad input: an unknown tool, arguments that
 * do not match the tool's input schema, or a tool that fails give an error {@link ToolResult}, and
 * the database is exactly as it was before the call. {@link #reset()} returns the database to the
 * initial state without running any SQL from the definition. {@link #close()} gives the connection
 * back (rolled back to the initial state, it becomes one of the environment's spares, or is
 * closed); a closed handle refuses every call with an {@link IllegalStateException}.
 *
 * <p>An episode is never lost silently: what one call may write is bounded (see
 * {@link SandboxLimits#maxWriteBytesPerCall()}), and when SQLite still rolls back the episode's whole
 * transaction the call's result is {@link ToolResult.Kind#EPISODE_RESET} (see {@link #episodeLost()}).
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
    /**
     * Reads {@code initial} (the environment's initial database) and {@code current} (this handle's); both
     * read-only.
     *
     * @param initial a read-only view of the environment's initial database
     * @param current a read-only view of this handle's current database
     * @return what the inspection computes (for a verifier, its verdict)
     */
    T run(Db initial, Db current);
  }

  // package-private: CallRecovery reads and sets them when a call does not end well
  final Environment environment;
  final SandboxLimits limits;
  /** The database and what is bound to it (see {@link HandleConnection}). */
  HandleConnection c;
  private boolean closed;
  /** Why calls are refused (the tool object could not be re-created after a stuck call); null while usable. */
  String unusable;
  /** A run's thread was abandoned while this connection was in use: it is never handed to another handle. */
  boolean tainted;
  private long calls, errors, resets;
  long lostEpisodes;
  /** Why SQLite rolled back this episode (see {@link #episodeLost()}), or null. */
  String lost;

  /** A handle on {@code c}; creates its tool object if it has none, and closes {@code c} if that fails. */
  EnvironmentHandle(Environment environment, HandleConnection c) {
    this.environment = environment;
    this.limits = environment.limits();
    adopt(c);
  }

  private void adopt(HandleConnection connection) {
    c = connection;
    unusable = null;
    tainted = false;
    try {
      if (c.tools == null && environment.binding() != null) {
        Object tools = CallRecovery.newTools(this);
        c.tools = tools;
      }
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** {@return the environment this handle belongs to} */
  public Environment environment() {
    return environment;
  }

  /** {@return the environment's simulated now (see {@link dev.awm.core.EnvironmentDefinition#simulatedNow()})} */
  @Override
  public java.util.Optional<java.time.LocalDateTime> simulatedNow() {
    return java.util.Optional.of(environment.definition().simulatedNow());
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
    if (sig == null) return fail(name, ToolResult.Kind.BAD_REQUEST, "unknown tool '" + ArgumentValues.echo(name) + "'; this environment has " + environment.tools().size() + " tools, see listTools()");
    Map<String, Object> checked;
    try {
      checked = sig.check(arguments);
    } catch (IllegalArgumentException e) {
      return fail(name, ToolResult.Kind.BAD_REQUEST, e.getMessage());
    }
    if (unusable != null) return fail(name, ToolResult.Kind.TOOL_FAILURE, unusable);
    Args args = new Args(checked);
    c.guard.clear();
    Object instance = c.tools;
    HandleDb db = c.db;
    Sandbox.Outcome<ToolBinding.Result> o = Sandbox.run(environment.binding().isolation(environment.isolation(), name), limits.callTimeout().toNanos(),
        limits.maxAllocatedBytes(), () -> db.within(() -> environment.binding().call(instance, name, args, limits.maxResultChars())),
        c.guard::cancel);
    if (o.limit() != null) return CallRecovery.limitExceeded(this, name, o);
    ToolBinding.Result r = o.thrown() == null ? o.value()
        : new ToolBinding.Result(ToolResult.Kind.TOOL_FAILURE, "tool '" + name + "' failed: " + Untrusted.describeOutside(o.thrown()));
    String overWritten = db.writeLimitExceeded();
    if (overWritten != null) {
      r = new ToolBinding.Result(ToolResult.Kind.LIMIT_EXCEEDED, "tool '" + name + "' " + overWritten + "; its changes were rolled back");
    }
    if (CallRecovery.endCall(this, r.kind() == ToolResult.Kind.OK)) {
      return CallRecovery.episodeLost(this, name, r.kind() == ToolResult.Kind.OK ? null : r.text());
    }
    if (r.kind() == ToolResult.Kind.OK) return ToolResult.ok(name, r.text());
    return fail(name, r.kind(), r.text());
  }

  /**
   * Calls tool {@code name} with arguments given as JSON text (an object); bad JSON is an error result.
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object's text
   * @return the call's result; an error result for bad JSON, an unknown tool, bad arguments or a failing
   *     tool
   * @throws IllegalStateException if the handle is closed
   */
  public ToolResult callTool(String name, String argumentsJson) {
    Map<String, Object> args;
    try {
      args = ToolSignature.parseArguments(name, argumentsJson);
    } catch (IllegalArgumentException e) {
      return badArguments(name, e.getMessage());
    }
    return callTool(name, args);
  }

  /** A call whose arguments could not be read: counted like any other call. */
  private synchronized ToolResult badArguments(String name, String message) {
    ensureOpen();
    calls++;
    return fail(name, ToolResult.Kind.BAD_REQUEST, message);
  }

  /**
   * Calls {@code call.name()} with {@code call.arguments()}.
   *
   * @param call the tool's name and arguments
   * @return the call's result; an error result for an unknown tool, bad arguments or a failing tool
   * @throws IllegalStateException if the handle is closed
   */
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
    lost = null;
    if (unusable != null || !c.rollBackToInitial()) restoreImage();
  }

  /** Replaces the database with a fresh copy of the initial image (the fallback of {@link #reset()}). */
  synchronized void restoreImage() {
    ensureOpen();
    c.close();
    try {
      adopt(environment.connections().initial());
    } catch (IllegalStateException e) {
      closed = true;
      environment.handleClosed();
      throw new IllegalStateException("environment '" + environment.name() + "': cannot restore the initial database: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a read-only query on the handle's current state (for inspection, tests and verifiers);
   * SQLite refuses any write it attempts.
   *
   * @param sql one SQL statement with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order
   * @return the rows, each a map from column label to value in column order
   * @throws dev.awm.runtime.api.DbException if the statement fails or tries to write
   */
  public synchronized List<Map<String, Object>> query(String sql, Object... params) {
    ensureOpen();
    return c.view.query(sql, params);
  }

  /**
   * A read-only view of the handle's current database, valid until the next {@link #reset()} or
   * {@link #close()}; use it from the thread that uses the handle.
   *
   * @return the view (owned by the handle: do not close it)
   */
  public synchronized DatabaseView view() {
    ensureOpen();
    return c.view;
  }

  /**
   * The handle's current database as a SQLite file image (including the episode's uncommitted
   * changes): what a run directory saves as {@code final.db}.
   *
   * @return the bytes of a SQLite database file
   * @throws IllegalStateException if the handle is closed or SQLite cannot serialize the database
   */
  public synchronized byte[] serialize() {
    ensureOpen();
    try {
      return c.serialize();
    } catch (SQLException e) {
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
   * <p>The initial database is one of the environment's spare connections (see
   * {@link Environment#spareHandles()}), lent read-only for the run; only when there is none is a
   * connection opened for it.
   *
   * @param what what runs, for messages (for example {@code verifier of task 3})
   * @param <T> what the task computes
   * @param task the inspection to run
   * @return what the task returned
   * @throws SandboxException if the task ran past the time or memory limit
   * @throws IllegalStateException if the handle is closed or the initial database cannot be opened
   */
  public <T> T inspect(String what, Inspection<T> task) {
    return inspect(what, null, task);
  }

  /**
   * {@link #inspect(String, Inspection)} with {@code initialImage} (a SQLite file image, for
   * example a saved run's {@code initial.db}) as the initial database instead of the environment's
   * initial state; null means the environment's. The image gets a connection of its own for the run.
   *
   * @param <T> what the task computes
   * @param what what runs, for messages (for example {@code verifier of task 3})
   * @param initialImage the bytes of a SQLite database file to use as the initial database, or null for the
   *     environment's
   * @param task the inspection to run
   * @return what the task returned
   * @throws IllegalArgumentException if {@code initialImage} is not a SQLite database
   * @throws SandboxException if the task ran past the time or memory limit
   */
  public synchronized <T> T inspect(String what, byte[] initialImage, Inspection<T> task) {
    ensureOpen();
    return InspectionRun.run(environment, c, initialImage, what, task, () -> tainted = true, this::writable);
  }

  /** A read-only view's statement may have been cut off before it switched the connection back to writable. */
  private void writable() {
    if (c.makeWritable()) return;
    LOG.warn("environment '{}': could not make the database writable again; restoring the initial image", environment.name());
    restoreImage();
  }

  /**
   * A new handle that starts from this handle's current state (its episode's changes included),
   * for tree search and for groups of rollouts from a shared intermediate state. The two are
   * independent from then on; each one's {@link #reset()} returns it to the environment's initial
   * state, as for any handle. The caller closes the fork.
   *
   * <p>Cost: the fork takes a spare connection of the environment (see
   * {@link Environment#spareHandles()}) and copies into it only the rows this episode changed, as
   * SQLite's update hook logged them; this handle is not touched. That is a few microseconds per
   * changed row, on the order of a {@link #reset()} (see the README's figures). When rows cannot be
   * copied faithfully (a trigger or foreign key action would change more, a schema change, a
   * truncation, a {@code WITHOUT ROWID} or virtual table, a handle opened on a foreign image, or
   * more than {@value ForkPlan#MAX_ROWS} changed rows) the whole database is copied instead, about
   * the cost of opening a handle; this handle's next reset then reloads the image.
   *
   * @return the new handle, owned by the caller
   * @throws IllegalStateException if this handle is closed or its state cannot be copied
   */
  public synchronized EnvironmentHandle fork() {
    ensureOpen();
    EnvironmentHandle fork = environment.adopt(environment.connections().fork(c));
    fork.lost = lost; // a fork carries on this episode, lost or not (see episodeLost())
    return fork;
  }

  /**
   * Calls made on this handle, including failed ones.
   *
   * @return the number of tool calls made on this handle since it opened, including failed ones
   */
  public synchronized long calls() {
    return calls;
  }

  /**
   * Calls that returned an error result.
   *
   * @return the number of tool calls on this handle that returned an error result
   */
  public synchronized long errors() {
    return errors;
  }

  /**
   * Resets made on this handle.
   *
   * @return the number of resets made on this handle
   */
  public synchronized long resets() {
    return resets;
  }

  /**
   * Why the current episode's changes were lost, if they were: SQLite rolled back the episode's
   * whole transaction during a tool call (a writing statement interrupted at a limit, or a full
   * database), so the database went back to the initial state in the middle of the episode. That
   * call's result was of kind {@link ToolResult.Kind#EPISODE_RESET}. Cleared by {@link #reset()};
   * a verifier's reward for such an episode says nothing about the agent.
   *
   * @return the reason, or empty while the episode's changes are intact
   */
  public synchronized java.util.Optional<String> episodeLost() {
    return java.util.Optional.ofNullable(lost);
  }

  /**
   * How many episodes of this handle SQLite rolled back mid-episode (see {@link #episodeLost()}).
   *
   * @return the number of episodes lost so far
   */
  public synchronized long lostEpisodes() {
    return lostEpisodes;
  }

  /** {@return whether {@link #close()} was called} */
  public synchronized boolean isClosed() {
    return closed;
  }

  /**
   * Ends the handle: its connection, rolled back to the initial state, is kept as a spare of the
   * environment (see {@link Environment#spareHandles()}) or closed. Idempotent; afterwards every
   * call throws {@link IllegalStateException}.
   */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    environment.connections().release(c, unusable == null && !tainted && c.rollBackToInitial());
    environment.handleClosed();
  }

  /** An error result, counted. */
  ToolResult fail(String name, ToolResult.Kind kind, String message) {
    errors++;
    return ToolResult.error(name, kind, message);
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException("handle of environment '" + environment.name() + "' is closed");
  }

}
