package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live MCP sessions of an HTTP server, each with its own {@link EnvironmentHandle} of its
 * environment: the bound on their number, their activity, and their end (DELETE, idle timeout,
 * server shutdown), which closes the handle. The handle is opened at the session's first tool call
 * (a session that only initialized or listed tools holds no database), and a session of a server of
 * many environments keeps its environment compiled until it ends (its {@code release} runs then).
 *
 * <p><b>The bound.</b> A slot is taken before a session exists: the HTTP gate reserves one for a
 * request that may create a session (a POST without a session id) and answers 503 when none is
 * free; the session factory, running on the same request thread, takes over that reservation.
 * A reservation the request did not use is given back when the request ends.
 *
 * <p><b>Idleness.</b> A session is idle when no request for it is in flight and none arrived for
 * the idle timeout. Expiry closes the handle, forgets the session (later requests get 404), and
 * has the SDK transport delete its side of the session through {@code forgetter}: an in-process
 * DELETE, which the gate lets through for a session that is {@linkplain #isExpiring expiring}.
 * (The SDK's own session sweeper is not used: it ignores sessions with an open event stream, and
 * its thread outlives the server.)
 */
final class SessionRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
  private static final ThreadLocal<int[]> RESERVATION = ThreadLocal.withInitial(() -> new int[1]);
  private static final int NONE = 0, RESERVED = 1, TAKEN = 2;

  /** One live session. Its mutable state is guarded by its monitor. */
  static final class Session {
    final String id;
    final Environment environment;
    /** What answers the session's tool calls without the SDK (the transport's fast path); null: only the SDK does. */
    final EnvironmentTools tools;
    private final Runnable release;
    private EnvironmentHandle handle;
    private long lastSeen = System.nanoTime();
    private int inFlight;
    private boolean closed;

    private final SessionRuns runs;

    Session(String id, Environment environment, EnvironmentTools tools, Runnable release, SessionRuns runs) {
      this.id = id;
      this.environment = environment;
      this.tools = tools;
      this.release = release;
      this.runs = runs;
    }

    /** The session's handle, opened on first use; null once the session is closed. */
    synchronized EnvironmentHandle handle() {
      if (closed) return null;
      if (handle == null) {
        handle = environment.newHandle();
        if (runs != null) runs.opened(id, environment);
      }
      return handle;
    }

    /** Whether no other request of the session is in flight than the caller's (which took it). */
    synchronized boolean alone() {
      return inFlight == 1;
    }

    /** Whether the session ended (deleted, expired, server closed). */
    synchronized boolean isClosed() {
      return closed;
    }

    private synchronized EnvironmentHandle closedHandle() {
      return handle;
    }
  }

  private final String label;
  private final int maxSessions;
  private final Duration idleTimeout;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger slots = new AtomicInteger();
  private final Set<String> expiring = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService reaper;
  /** Where sessions keep their run directories (null: nowhere); set before the first session. */
  volatile SessionRuns runs;

  /** @param idleTimeout zero for no expiry */
  SessionRegistry(Environment environment, int maxSessions, Duration idleTimeout) {
    this("environment '" + environment.name() + "'", environment, maxSessions, idleTimeout);
  }

  /**
   * @param label names the server in logs and thread names
   * @param environment the environment of a server of one (it names the expiry thread), or null
   * @param idleTimeout zero for no expiry
   */
  SessionRegistry(String label, Environment environment, int maxSessions, Duration idleTimeout) {
    this.label = label;
    this.maxSessions = maxSessions;
    this.idleTimeout = idleTimeout;
    this.reaper = idleTimeout.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "awm-mcp-idle-" + (environment == null ? "many" : environment.name()));
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts expiring idle sessions; {@code forgetter} deletes the SDK's side of an expired session (its id and environment). */
  void startExpiry(BiConsumer<String, String> forgetter) {
    Objects.requireNonNull(forgetter, "forgetter");
    if (reaper == null) return;
    long tick = Math.max(10, Math.min(idleTimeout.toMillis() / 4, 10_000));
    reaper.scheduleWithFixedDelay(() -> expireIdle(forgetter), tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Whether session {@code id} expired and the SDK's side of it is being deleted. */
  boolean isExpiring(String id) {
    return expiring.contains(id);
  }

  /** Live sessions now. */
  int size() {
    return sessions.size();
  }

  /** Live sessions now by environment name. */
  Map<String, Integer> sizesByEnvironment() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    for (Session s : sessions.values()) out.merge(s.environment.name(), 1, Integer::sum);
    return out;
  }

  /** The limit, in the words a refused client reads. */
  String limitMessage() {
    return "this MCP server already holds its limit of " + maxSessions + " live sessions (each has its own database); "
        + "end a session with HTTP DELETE, wait for idle ones to expire"
        + (idleTimeout.isZero() ? "" : " (idle timeout " + idleTimeout + ")") + ", or start the server with a higher maxSessions";
  }

  // ---- the bound ---------------------------------------------------------------------------------

  private boolean tryTakeSlot() {
    while (true) {
      int n = slots.get();
      if (n >= maxSessions) return false;
      if (slots.compareAndSet(n, n + 1)) return true;
    }
  }

  /** Reserves a slot for the current request; false when the server is full. */
  boolean reserve() {
    if (!tryTakeSlot()) return false;
    RESERVATION.get()[0] = RESERVED;
    return true;
  }

  /** Ends the current request's reservation, giving the slot back if no session took it. */
  void endReservation() {
    int[] r = RESERVATION.get();
    if (r[0] == RESERVED) slots.decrementAndGet();
    r[0] = NONE;
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /**
   * Opens a session of {@code env} through {@code factory}, its tool calls answered by {@code tools}
   * (may be null) on a handle of its own; {@code retain} runs before the session exists and
   * {@code release} when it ends (or failed to open); both may be null.
   *
   * @throws IllegalStateException when the server is full (only outside a gated request)
   */
  McpStreamableServerSession.McpStreamableServerSessionInit open(McpSchema.InitializeRequest request,
      McpStreamableServerSession.Factory factory, Environment env, EnvironmentTools tools, Runnable retain, Runnable release) {
    int[] r = RESERVATION.get();
    if (r[0] == RESERVED) {
      r[0] = TAKEN;
    } else if (!tryTakeSlot()) {
      throw new IllegalStateException(limitMessage());
    }
    if (retain != null) retain.run();
    try {
      McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
      String id = init.session().getId();
      sessions.put(id, new Session(id, env, tools, release, runs));
      LOG.debug("{}: session {} of '{}' opened ({} live)", label, id, env.name(), sessions.size());
      return init;
    } catch (RuntimeException | Error e) {
      slots.decrementAndGet();
      if (release != null) release.run();
      throw e;
    }
  }

  /** The live session {@code id}, or null. */
  Session session(String id) {
    return id == null ? null : sessions.get(id);
  }

  /** The handle of session {@code id} (opened now if this is its first use), or null if there is no such live session. */
  EnvironmentHandle handle(String id) {
    Session s = id == null ? null : sessions.get(id);
    return s == null ? null : s.handle();
  }

  /**
   * Notes a request for session {@code id}. An {@code activity} (a POST or a DELETE) counts as use
   * and holds the session open until {@link #exit}; a GET (the event stream, reopened by clients
   * whenever it drops) only checks that the session is live. Returns null when it is not.
   */
  Session enter(String id, boolean activity) {
    Session s = sessions.get(id);
    if (s == null) return null;
    synchronized (s) {
      if (s.closed) return null;
      if (activity) {
        s.inFlight++;
        s.lastSeen = System.nanoTime();
      }
    }
    return s;
  }

  /**
   * Takes session {@code id} for a POST or a DELETE: notes its activity and holds it open until
   * {@link #exit}, as {@link #enter} with activity does. Both paths of the transport take a request's
   * session here, at the same point: once the request's headers and body passed the transport's
   * checks ({@link SessionGate} after {@link StreamableHttpChecks}; {@link FastToolHandler} after it
   * read and parsed the body). Returns null when the session is not live, or ended while it was
   * being taken (nothing of it is then held).
   */
  Session take(String id) {
    Session s = enter(id, true);
    if (s == null) return null;
    java.util.function.Consumer<Session> hook = takenHook;
    if (hook != null) hook.accept(s);
    if (!s.isClosed()) return s;
    exit(s, true);
    return null;
  }

  /** For tests: runs on the request's thread when a request took its session, before it goes on; null: nothing. */
  volatile java.util.function.Consumer<Session> takenHook;

  /** The end of a request noted by {@link #enter}. */
  void exit(Session s, boolean activity) {
    if (!activity) return;
    synchronized (s) {
      s.inFlight--;
      s.lastSeen = System.nanoTime();
    }
  }

  /** Ends session {@code id} (its client deleted it). */
  void close(String id, String why) {
    Session s = sessions.get(id);
    if (s == null) return;
    synchronized (s) {
      if (s.closed) return;
      s.closed = true;
    }
    end(s, why);
    released(s);
  }

  /** Forgets session {@code s} and closes its handle; its release is the caller's, once the transport forgot it too. */
  private void end(Session s, String why) {
    if (sessions.remove(s.id, s)) slots.decrementAndGet();
    EnvironmentHandle h = s.closedHandle();
    if (h != null && s.runs != null) s.runs.closing(s.id, s.environment, h, why);
    if (h != null) h.close();
    LOG.debug("{}: session {} closed ({}), {} live", label, s.id, why, sessions.size());
  }

  private static void released(Session s) {
    if (s.release == null) return;
    try {
      s.release.run();
    } catch (RuntimeException e) {
      LOG.warn("releasing the environment of session {}: {}", s.id, e.toString());
    }
  }

  private void expireIdle(BiConsumer<String, String> forgetter) {
    try {
      long now = System.nanoTime();
      long idle = idleTimeout.toNanos();
      List<Session> expired = new ArrayList<>();
      for (Session s : sessions.values()) {
        synchronized (s) {
          if (s.closed || s.inFlight > 0 || now - s.lastSeen < idle) continue;
          s.closed = true;
        }
        expired.add(s);
      }
      for (Session s : expired) {
        end(s, "idle for " + idleTimeout);
        forgetSdkSide(s, forgetter);
        released(s);
      }
      if (!expired.isEmpty()) LOG.info("{}: {} idle session(s) expired, {} live", label, expired.size(), sessions.size());
    } catch (RuntimeException e) {
      LOG.warn("{}: expiring idle sessions failed", label, e);
    }
  }

  private void forgetSdkSide(Session s, BiConsumer<String, String> forgetter) {
    expiring.add(s.id);
    try {
      forgetter.accept(s.id, s.environment.name());
    } catch (RuntimeException e) {
      LOG.debug("{}: deleting the transport's side of expired session {}: {}", label, s.id, e.toString());
    } finally {
      expiring.remove(s.id);
    }
  }

  /** Stops expiring sessions. */
  void stopExpiry() {
    if (reaper != null) reaper.shutdownNow();
  }

  /**
   * Closes every session's handle. The server stops expiry ({@link #stopExpiry}) before it stops
   * serving, and closes the registry last.
   */
  @Override
  public void close() {
    for (Session s : new ArrayList<>(sessions.values())) {
      synchronized (s) {
        if (s.closed) continue;
        s.closed = true;
      }
      end(s, "server closed");
      released(s);
    }
  }
}
