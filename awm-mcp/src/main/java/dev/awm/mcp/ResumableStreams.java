package dev.awm.mcp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servlet filter next to the SDK's servlet that makes its event streams resumable.
 *
 * <p>The SDK (2.1.0) gives every event of a response the session id as its SSE {@code id}, and
 * answers a GET with {@code Last-Event-ID} with a stream that stays empty. Here every SSE stream
 * of a session gets a number and every event an id {@code STREAM-SEQ}, unique within the session
 * ({@link EventLog}); a client that declares protocol 2025-11-25 or later first gets a priming event
 * (that id with an empty {@code data}, and a {@code retry} delay). A GET with {@code Last-Event-ID}:
 * <ul>
 *   <li>for a POST's response stream: the events after that id, then the rest of the stream if it
 *       is still running, then the end of the stream;</li>
 *   <li>for the session's GET stream: the events after that id, then the stream goes on on the new
 *       connection (the SDK opens a new listening stream, numbered as the old one);</li>
 *   <li>for an id this session never gave, or whose successors are no longer kept: HTTP 400 with a
 *       JSON-RPC error saying so (the specification lets a server decline to replay).</li>
 * </ul>
 * Per session the {@link #STREAMS_KEPT} most recent streams are kept, each with its most recent
 * events ({@link EventLog#MAX_EVENTS}, {@link EventLog#MAX_BYTES}), and of the streams that have
 * ended, only as many of the most recent as hold {@link #SESSION_KEPT_BYTES} bytes together:
 * what a session keeps stays bounded however large its answers are (a stream still running and the
 * newest one are kept whatever their size). A session's logs go with it.
 */
final class ResumableStreams extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String LAST_EVENT_ID = "Last-Event-ID";
  /** The reconnection delay sent in priming events, in milliseconds. */
  static final long RETRY_MILLIS = 1000;
  /** Streams kept per session for resumption. */
  static final int STREAMS_KEPT = 8;
  /**
   * Bytes (UTF-8) of ended streams' events a session keeps at most, besides its newest stream (eight
   * answers of {@code get_product} take about 7,000; one large listing can take more than all).
   */
  static final long SESSION_KEPT_BYTES = 64 << 10;
  /** The first protocol version whose clients expect priming events (SEP-1699). */
  static final String PRIMING_SINCE = "2025-11-25";

  private final transient Map<String, Streams> sessions = new ConcurrentHashMap<>();

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    String session = req.getHeader(SessionGate.SESSION_HEADER);
    if (session == null || session.isBlank()) {
      chain.doFilter(req, res); // initialize: answered with JSON
      return;
    }
    if ("DELETE".equals(req.getMethod())) {
      try {
        chain.doFilter(req, res);
      } finally {
        sessions.remove(session);
      }
      return;
    }
    Streams streams = sessions.computeIfAbsent(session, s -> new Streams());
    String last = req.getHeader(LAST_EVENT_ID);
    if ("GET".equals(req.getMethod()) && last != null) {
      resume(streams, last.trim(), req, res, chain);
      return;
    }
    String version = req.getHeader(StreamableHttpChecks.PROTOCOL_VERSION_HEADER);
    boolean prime = primes(version);
    SseResponse wrapped = new SseResponse(res, () -> streams.open("GET".equals(req.getMethod())), 0, prime);
    chain.doFilter(req, wrapped);
    whenDone(req, wrapped);
  }

  /** A new response stream of session {@code session}, for a response written whole (the transport's fast path). */
  EventLog openResponseStream(String session) {
    return sessions.computeIfAbsent(session, s -> new Streams()).open(false);
  }

  /** Whether a client of protocol version {@code version} (a header's value, or null) expects a priming event. */
  static boolean primes(String version) {
    return version != null && version.trim().compareTo(PRIMING_SINCE) >= 0;
  }

  /** How many sessions have logs here (for tests). */
  int sessionsWithLogs() {
    return sessions.size();
  }

  private void resume(Streams streams, String lastEventId, HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    int dash = lastEventId.indexOf('-');
    EventLog log = null;
    long seq = -1;
    try {
      log = dash < 1 ? null : streams.get(Integer.parseInt(lastEventId.substring(0, dash)));
      seq = Long.parseLong(lastEventId.substring(dash + 1));
    } catch (NumberFormatException e) {
      log = null;
    }
    if (log == null || !log.canResumeAfter(seq)) {
      JsonRpcError.reply(res, HttpServletResponse.SC_BAD_REQUEST, JsonRpcError.TRANSPORT_ERROR, "cannot resume after event '"
          + StreamableHttpChecks.clip(lastEventId) + "': this session never sent it, or the events after it are no longer kept "
          + "(the last " + STREAMS_KEPT + " streams of a session, " + EventLog.MAX_EVENTS + " events each); open a new stream "
          + "with a GET without " + LAST_EVENT_ID + ", or send the request again");
      return;
    }
    if (log.listening()) { // the missed events, then a new listening stream from the SDK that continues this one
      EventLog resumed = log;
      SseResponse wrapped = new SseResponse(res, () -> resumed, seq, false);
      chain.doFilter(new WithoutLastEventId(req), wrapped);
      whenDone(req, wrapped);
      return;
    }
    res.setStatus(HttpServletResponse.SC_OK);
    SseResponse.eventStreamHeaders(res);
    AsyncContext async = req.startAsync();
    async.setTimeout(0);
    log.attach(null, new EventLog.Sink(res.getWriter(), async), seq);
  }

  /** Ends {@code wrapped}'s stream when its request completes. */
  private static void whenDone(HttpServletRequest req, SseResponse wrapped) {
    EventLog log = wrapped.log();
    if (log == null) return;
    if (!req.isAsyncStarted()) {
      log.producerEnded(wrapped);
      return;
    }
    req.getAsyncContext().addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        log.producerEnded(wrapped);
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        log.producerEnded(wrapped);
      }

      @Override
      public void onError(AsyncEvent event) {
        log.producerEnded(wrapped);
      }

      @Override
      public void onStartAsync(AsyncEvent event) {
        // a new cycle of the same request: nothing changes
      }
    });
  }

  /**
   * One session's streams: the most recent {@link #STREAMS_KEPT} of them, of which the ended ones
   * (the newest apart) hold at most {@link #SESSION_KEPT_BYTES} bytes together.
   */
  private static final class Streams {
    private int next = 1;
    private final LinkedHashMap<Integer, EventLog> logs = new LinkedHashMap<>();

    synchronized EventLog open(boolean listening) {
      keepWithinBudget();
      EventLog log = new EventLog(next++, listening);
      logs.put(log.number(), log);
      if (logs.size() > STREAMS_KEPT) evictOne();
      return log;
    }

    /**
     * Before a new stream: drops the oldest ended streams while the ended ones, the newest stream
     * apart, hold more than the session's budget.
     */
    private void keepWithinBudget() {
      int older = logs.size() - 1;
      long ended = 0;
      int i = 0;
      for (EventLog log : logs.values()) {
        if (i++ == older) break;
        if (log.ended()) ended += log.bytes();
      }
      if (ended <= SESSION_KEPT_BYTES) return;
      Iterator<EventLog> it = logs.values().iterator();
      for (i = 0; i < older && ended > SESSION_KEPT_BYTES; i++) {
        EventLog log = it.next();
        if (!log.ended()) continue;
        ended -= log.bytes();
        it.remove();
      }
    }

    synchronized EventLog get(int number) {
      return logs.get(number);
    }

    /** Drops the oldest ended stream, or the oldest if none has ended. */
    private void evictOne() {
      Iterator<EventLog> it = logs.values().iterator();
      while (it.hasNext()) {
        if (it.next().ended()) {
          it.remove();
          return;
        }
      }
      logs.remove(logs.keySet().iterator().next());
    }
  }

  /** The request without its {@code Last-Event-ID}: the SDK opens a plain listening stream for it. */
  private static final class WithoutLastEventId extends HttpServletRequestWrapper {
    WithoutLastEventId(HttpServletRequest req) {
      super(req);
    }

    @Override
    public String getHeader(String name) {
      return LAST_EVENT_ID.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return LAST_EVENT_ID.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
          .filter(n -> !LAST_EVENT_ID.equalsIgnoreCase(n)).toList());
    }
  }
}
