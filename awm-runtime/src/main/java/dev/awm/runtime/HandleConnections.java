package dev.awm.runtime;

import java.sql.SQLException;
import java.time.LocalDateTime;

/**
 * Where an environment's handles get their {@link HandleConnection}s and where those go when a
 * handle closes. A connection at the initial image is one of the {@link Spares} if there is one,
 * else a new one; a connection on another image (a foreign one, or a copy of a handle's database
 * for a fork) is always new; a fork's connection is a row copy when that is faithful (see
 * {@link ForkPlan}, read from the image on first use). A closed handle's connection is kept as a
 * spare when it is back at the initial image and there is room, else closed. Inspection runs,
 * row copies and the build's constructor trial borrow and give back connections the same way.
 * Thread-safe.
 */
final class HandleConnections {
  private final String environment;
  private final byte[] image;
  /** The tool code and host tools, or null when there are no tools. */
  private final ToolBinding binding;
  private final boolean foreignKeys;
  private final SandboxLimits limits;
  private final LocalDateTime now;
  private final Spares spares;
  private volatile ForkPlan forkPlan;

  /**
   * The connections of environment {@code environment} (its name, for messages), whose initial
   * database is {@code image} and whose simulated now is {@code now}.
   */
  HandleConnections(String environment, byte[] image, ToolBinding binding, boolean foreignKeys, SandboxLimits limits, LocalDateTime now,
      Spares spares) {
    this.environment = environment;
    this.image = image;
    this.binding = binding;
    this.foreignKeys = foreignKeys;
    this.limits = limits;
    this.now = now;
    this.spares = spares;
  }

  /** A connection at the initial image: a spare if there is one, else a new one. */
  HandleConnection initial() {
    HandleConnection c = spares.poll();
    return c != null ? c : open(image, true);
  }

  private HandleConnection open(byte[] bytes, boolean initial) {
    try {
      return HandleConnection.open(bytes, initial, foreignKeys, limits, now);
    } catch (SQLException e) {
      throw new IllegalStateException("environment '" + environment + "': cannot open a handle: " + e.getMessage(), e);
    }
  }

  /** A connection on a copy of {@code foreign}, which is not the initial image; bad bytes are an {@link IllegalArgumentException}. */
  HandleConnection foreign(byte[] foreign) {
    try {
      return HandleConnection.open(foreign, false, foreignKeys, limits, now);
    } catch (SQLException e) {
      throw new IllegalArgumentException("not a database image for environment '" + environment + "': " + e.getMessage(), e);
    }
  }

  /** A new read-only view of the initial database on a connection of its own (see {@link Environment#openInitialDatabase()}). */
  DatabaseView initialView() {
    try {
      return DatabaseView.owning(Sqlite.openImage(image), now);
    } catch (SQLException e) {
      throw new IllegalStateException("environment '" + environment + "': cannot open the initial database: " + e.getMessage(), e);
    }
  }

  /** Takes back a closed handle's connection: kept as a spare when {@code reusable} and there is room, else closed. */
  void release(HandleConnection c, boolean reusable) {
    if (reusable && binding != null && !binding.stateless()) c.tools = null;
    if (!reusable || !spares.offer(c)) c.close();
  }

  /**
   * A connection holding {@code from}'s current state, for a fork (see {@link EnvironmentHandle#fork()}): one at the
   * initial image when {@code from} is there; else a spare holding a row copy of what {@code from}'s episode changed,
   * when that copy is faithful; else a copy of the whole database, which commits {@code from}'s episode (see
   * {@link HandleConnection#serialize()}).
   *
   * @throws IllegalStateException if {@code from}'s state cannot be copied
   */
  HandleConnection fork(HandleConnection from) {
    if (from.atInitial && !from.tx.isOpen()) return initial();
    HandleConnection child = forkPlan().rowCopy(this, environment, from);
    if (child != null) return child;
    try {
      return open(from.serialize(), false);
    } catch (SQLException e) {
      throw new IllegalStateException("environment '" + environment + "': cannot fork the handle: " + e.getMessage(), e);
    }
  }

  /** How forks copy state in this environment (read from the image on first use). */
  private ForkPlan forkPlan() {
    ForkPlan p = forkPlan;
    if (p == null) {
      p = ForkPlan.of(image);
      forkPlan = p;
    }
    return p;
  }

  /** {@return how many spare connections there are now} */
  int spareCount() {
    return spares.size();
  }

  /** Closes the spare connections now. */
  void closeSpares() {
    spares.closeAll();
  }
}
