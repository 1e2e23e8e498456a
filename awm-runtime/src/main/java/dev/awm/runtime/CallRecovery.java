package dev.awm.runtime;

import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@link EnvironmentHandle} does when a tool call does not end well, beyond returning an
 * error result. A call's savepoint that cannot be ended means SQLite rolled back the episode's whole
 * transaction: the initial image is restored and the episode is marked lost. A call that went past a
 * limit is rolled back; when its thread could not be stopped, that thread is cut off the database,
 * the connection is never handed to another handle, and the tool object is re-created (if that
 * fails too, the handle refuses calls until it is reset). Creating a tool object is here as well:
 * its constructor runs in the sandbox like a call, and fails the same ways.
 *
 * <p>These are steps of the handle, kept apart so that its public class reads as its contract:
 * they read and set the handle's state (its connection, flags and counters) and run under its lock,
 * from its synchronized methods.
 */
final class CallRecovery {
  /** What happens to a handle is logged as the handle's. */
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentHandle.class);

  private CallRecovery() {}

  /**
   * Ends the savepoint of {@code h}'s call. Returns true when that was impossible and the database
   * was restored to its initial state instead: SQLite rolls back the whole transaction when a
   * writing statement is interrupted or fills the database, and the episode's earlier changes are
   * then gone.
   */
  static boolean endCall(EnvironmentHandle h, boolean success) {
    try {
      h.c.tx.endCall(success);
      return false;
    } catch (SQLException e) {
      LOG.warn("environment '{}': ending a call's savepoint failed ({}); restoring the initial image", h.environment.name(), e.getMessage());
      h.restoreImage();
      return true;
    }
  }

  /**
   * SQLite rolled back the episode's whole transaction while tool {@code name} ran (a writing
   * statement was interrupted at a limit, or filled the database): the handle is in the initial
   * state again, and says so until the next {@link EnvironmentHandle#reset()}.
   */
  static ToolResult episodeLost(EnvironmentHandle h, String name, String cause) {
    h.lostEpisodes++;
    h.lost = "SQLite rolled back the whole episode while tool '" + name + "' ran" + (cause == null ? "" : " (" + cause + ")")
        + ": every change this episode made is gone and the database is back in its initial state";
    LOG.warn("environment '{}': {}", h.environment.name(), h.lost);
    return h.fail(name, ToolResult.Kind.EPISODE_RESET, h.lost);
  }

  /** A call went past a limit: roll it back and, if its thread is stuck, cut that thread off the database. */
  static ToolResult limitExceeded(EnvironmentHandle h, String name, Sandbox.Outcome<?> o) {
    StringBuilder message = new StringBuilder("tool '").append(name).append("' ")
        .append(o.describeLimit(h.limits.callTimeout(), h.limits.maxAllocatedBytes()));
    cutOff(h, o, h.c.db);
    h.c.guard.clear();
    if (endCall(h, false)) return episodeLost(h, name, message.toString());
    message.append("; its changes were rolled back");
    if (!o.stopped()) {
      h.c.renewDb();
      // h.c is read afresh after each step: ending the constructor's savepoint may have restored the image
      try {
        Object tools = newTools(h);
        h.c.tools = tools;
        message.append(" and the tool object was re-created");
      } catch (IllegalStateException e) {
        h.c.tools = null;
        h.unusable = "this handle is unusable: after a stuck call, " + e.getMessage() + "; reset() or close it";
        message.append("; ").append(h.unusable);
      }
    }
    return h.fail(name, ToolResult.Kind.LIMIT_EXCEEDED, message.toString());
  }

  /**
   * A new tool object for {@code h}'s connection, its constructor run in the sandbox; what it wrote
   * stays (as before any call).
   *
   * @throws IllegalStateException saying how the constructor failed (what it wrote is rolled back)
   */
  static Object newTools(EnvironmentHandle h) {
    Environment environment = h.environment;
    HandleConnection c = h.c;
    HandleDb forTools = c.db;
    c.guard.clear();
    Sandbox.Outcome<Object> o = environment.binding().construct(environment.isolation(), h.limits, c);
    if (o.limit() == null && o.thrown() == null) {
      endCall(h, true);
      return o.value();
    }
    if (o.limit() != null) cutOff(h, o, forTools);
    c.guard.clear();
    endCall(h, false);
    throw new IllegalStateException("environment '" + environment.name() + "': " + ToolBinding.constructorFailure(o, h.limits));
  }

  /** A run went past a limit without stopping: cut its thread off {@code db}, and never hand this connection on. */
  private static void cutOff(EnvironmentHandle h, Sandbox.Outcome<?> o, HandleDb db) {
    if (o.stopped()) return;
    db.revoke();
    h.tainted = true;
  }
}
