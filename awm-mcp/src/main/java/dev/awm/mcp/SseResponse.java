package dev.awm.mcp;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Supplier;

/**
 * The response the SDK writes an SSE stream into: the events it writes (each ending in a blank
 * line) lose the SDK's {@code id} and go to an {@link EventLog}, which numbers, keeps and sends
 * them. Any other response (JSON, 202, errors) passes through untouched.
 */
final class SseResponse extends HttpServletResponseWrapper {
  private final Supplier<EventLog> logs;
  private final long replayAfter;
  private final boolean prime;
  private EventLog log;
  private PrintWriter writer;

  /**
   * @param logs the stream to write to, asked for once the response turns out to be an event stream
   * @param replayAfter events of that stream to send first: those after this sequence number
   * @param prime whether to open the stream with a priming event
   */
  SseResponse(HttpServletResponse response, Supplier<EventLog> logs, long replayAfter, boolean prime) {
    super(response);
    this.logs = logs;
    this.replayAfter = replayAfter;
    this.prime = prime;
  }

  /** The headers of an event stream, including the one that keeps nginx from buffering it. */
  static void eventStreamHeaders(HttpServletResponse res) {
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
  }

  /** The stream written, or null if the response was not an event stream. */
  synchronized EventLog log() {
    return log;
  }

  @Override
  public synchronized PrintWriter getWriter() throws IOException {
    String type = getContentType();
    if (type == null || !type.startsWith("text/event-stream")) return super.getWriter();
    if (writer == null) {
      setHeader("X-Accel-Buffering", "no");
      PrintWriter out = super.getWriter();
      log = logs.get();
      if (prime) {
        out.write(log.primingEvent(ResumableStreams.RETRY_MILLIS));
        out.flush();
      }
      log.attach(this, new EventLog.Sink(out, null), replayAfter);
      out.flush(); // the status and headers now: a client waits for them before it reads events (the SDK sends them with its first event)
      writer = new PrintWriter(new EventSplitter(log));
    }
    return writer;
  }

  /** Cuts what the SDK writes into events and hands each, without its id lines, to the log. */
  private static final class EventSplitter extends Writer {
    private final EventLog log;
    private final StringBuilder pending = new StringBuilder();

    EventSplitter(EventLog log) {
      this.log = log;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      int from = Math.max(0, pending.length() - 1);
      pending.append(buf, off, len);
      int end;
      while ((end = pending.indexOf("\n\n", from)) >= 0) {
        StringBuilder fields = new StringBuilder();
        for (String line : pending.substring(0, end + 1).split("\n", -1)) {
          if (!line.isEmpty() && !line.startsWith("id:")) fields.append(line).append('\n');
        }
        pending.delete(0, end + 2);
        from = 0;
        if (fields.length() > 0) log.append(fields.toString());
      }
    }

    @Override
    public void flush() {
      // whole events are sent as they complete
    }

    @Override
    public void close() {
      // the connection belongs to the container
    }
  }
}
