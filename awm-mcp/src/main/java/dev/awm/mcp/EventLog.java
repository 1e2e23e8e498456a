package dev.awm.mcp;

import jakarta.servlet.AsyncContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One SSE stream of a session, as the client sees it: its events with the ids this server gives
 * them ({@code STREAM-SEQ}, unique within the session), the most recent of them kept for a client
 * that reconnects with {@code Last-Event-ID}, and the connection they are written to now.
 *
 * <p>The connection can change: a client that lost it reconnects (HTTP GET with
 * {@code Last-Event-ID}), gets the events it missed, and then the rest of the stream on the new
 * connection. A write that fails (the client went away) is not reported to the SDK, which would
 * otherwise drop the whole session; the event stays in the log for the client to fetch.
 */
final class EventLog {
  /** Events kept per stream at most. */
  static final int MAX_EVENTS = 64;
  /** Bytes (UTF-8) of events kept per stream at most (the newest event is always kept). */
  static final int MAX_BYTES = 256 << 10;
  private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);

  private final int number;
  private final boolean listening;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long nextSeq = 1;
  /** Written holding this log's lock; volatile so that {@link #bytes()} and {@link #ended()} take none. */
  private volatile long bytes;
  private volatile boolean ended;
  private Object producer;
  private Sink sink;

  /** An event as it is sent, in UTF-8. */
  private record Event(long seq, byte[] text) {}

  /** Where events go: a writer, and the async context to complete when the stream ends (null when the SDK owns it). */
  record Sink(PrintWriter out, AsyncContext context) {}

  EventLog(int number, boolean listening) {
    this.number = number;
    this.listening = listening;
  }

  /** The stream's number within its session. */
  int number() {
    return number;
  }

  /** Whether this is a session's GET stream (not a POST's response stream). */
  boolean listening() {
    return listening;
  }

  /** The id of the event {@code seq} of this stream. */
  String eventId(long seq) {
    return number + "-" + seq;
  }

  /** The priming event that opens a stream: an id and an empty data field, and the reconnection delay. */
  String primingEvent(long retryMillis) {
    return "id: " + eventId(0) + "\nretry: " + retryMillis + "\ndata: \n\n";
  }

  /**
   * Whether the events after {@code seq} are all still here: {@code seq} was given and nothing
   * after it has been dropped.
   */
  synchronized boolean canResumeAfter(long seq) {
    if (seq < 0 || seq >= nextSeq) return false;
    long oldest = events.isEmpty() ? nextSeq : events.peekFirst().seq();
    return seq + 1 >= oldest;
  }

  /** Gives the next event id to {@code fields} (an event's lines without an id, each ending in a newline), keeps it and sends it. */
  synchronized void append(String fields) {
    send(keep(fields));
  }

  /**
   * The one event of a response that is written whole, not through a sink (the transport's fast
   * path): gives the event of {@code fields} then {@code data} (UTF-8; the fields before the data's
   * value, the data's value, which ends the event's lines) the next id, keeps it if {@code keep}
   * (else a client that lost it cannot resume it: for answers it can simply ask for again), ends
   * the stream, and returns the event for the caller to write.
   */
  synchronized byte[] appendLast(byte[] fields, byte[] data, boolean keep) {
    long seq = nextSeq++;
    byte[] id = eventId(seq).getBytes(StandardCharsets.US_ASCII);
    byte[] text = new byte[ID.length + id.length + 1 + fields.length + data.length + 2];
    int at = 0;
    System.arraycopy(ID, 0, text, at, ID.length);
    at += ID.length;
    System.arraycopy(id, 0, text, at, id.length);
    at += id.length;
    text[at++] = '\n';
    System.arraycopy(fields, 0, text, at, fields.length);
    at += fields.length;
    System.arraycopy(data, 0, text, at, data.length);
    at += data.length;
    text[at++] = '\n';
    text[at] = '\n';
    if (keep) keep(seq, text);
    ended = true;
    return text;
  }

  private String keep(String fields) {
    long seq = nextSeq++;
    String text = "id: " + eventId(seq) + "\n" + fields + "\n";
    keep(seq, text.getBytes(StandardCharsets.UTF_8));
    return text;
  }

  private void keep(long seq, byte[] text) {
    events.addLast(new Event(seq, text));
    long kept = bytes + text.length;
    while (events.size() > 1 && (events.size() > MAX_EVENTS || kept > MAX_BYTES)) kept -= events.removeFirst().text().length;
    bytes = kept;
  }

  /**
   * Makes {@code producer} the one whose end ends this stream, and sends from now on to
   * {@code to}, first the events after {@code afterSeq} (none when 0 and nothing was sent yet).
   * The connection that was receiving them stops receiving; if this log had opened it, it is completed.
   * If the stream has ended already and {@code producer} is null, {@code to} gets the missed events and is completed.
   */
  synchronized void attach(Object producer, Sink to, long afterSeq) {
    for (Event e : events) {
      if (e.seq() > afterSeq) write(to, new String(e.text(), StandardCharsets.UTF_8));
    }
    detach();
    if (producer != null) {
      this.producer = producer;
      this.ended = false;
    } else if (ended) {
      complete(to);
      return;
    }
    this.sink = to;
  }

  /** Called when {@code producer}'s connection has completed: if it is the current one, the stream has ended. */
  synchronized void producerEnded(Object producer) {
    if (producer != this.producer) return;
    ended = true;
    detach();
  }

  /** The bytes (UTF-8) of the events kept. */
  long bytes() {
    return bytes;
  }

  /** Whether the stream has ended (its response was sent, or its GET closed). */
  boolean ended() {
    return ended;
  }

  private void send(String text) {
    if (sink != null && !write(sink, text)) detach();
  }

  private void detach() {
    if (sink != null) complete(sink);
    sink = null;
  }

  private static boolean write(Sink to, String text) {
    to.out().write(text);
    to.out().flush();
    return !to.out().checkError();
  }

  private static void complete(Sink s) {
    if (s.context() == null) return;
    try {
      s.context().complete();
    } catch (IllegalStateException alreadyDone) {
      // the client went away and the container completed it
    }
  }
}
