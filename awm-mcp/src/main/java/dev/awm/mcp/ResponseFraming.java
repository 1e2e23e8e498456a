package dev.awm.mcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a response that Jetty sends the front loop ({@link FrontLoop}) ends: it reads the status
 * line and headers, then counts the body by its {@code Content-Length}, by its chunks, or until
 * Jetty closes the connection; a HEAD request, a 204 or a 304 has no body, and an interim 1xx
 * answer is followed by the response proper. The front relays the bytes as they come and, once the
 * response ended, reads the client's next request itself.
 */
final class ResponseFraming {
  private static final int MAX_LINE = 64 * 1024;

  private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, UNTIL_CLOSE, DONE }

  private State state = State.DONE;
  private boolean headRequest;
  private boolean close;
  private long remaining;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  /** Starts reading the response to a request ({@code headRequest}: to a HEAD request). */
  void start(boolean headRequest) {
    this.headRequest = headRequest;
    state = State.HEAD;
    close = false;
    remaining = 0;
    line.reset();
  }

  /**
   * Reads {@code b[off, off + len)} of the response and returns how many of these bytes belong to
   * it: all of them until it ends, then fewer (bytes after its end are not part of it).
   *
   * @throws IllegalStateException if the response cannot be read (the front then closes the connection)
   */
  int consume(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && state != State.DONE) {
      switch (state) {
        case HEAD -> {
          byte c = b[i++];
          line.write(c);
          if (line.size() > MAX_LINE) throw new IllegalStateException("a response head longer than " + MAX_LINE + " bytes");
          if (c == '\n' && endsWithBlankLine()) head(line.toString(StandardCharsets.ISO_8859_1));
        }
        case LENGTH, CHUNK_DATA -> {
          int n = (int) Math.min(remaining, end - i);
          i += n;
          remaining -= n;
          if (remaining == 0) state = state == State.LENGTH ? State.DONE : State.CHUNK_END;
        }
        case CHUNK_END -> {
          i++;
          if (++remaining == 2) {
            remaining = 0;
            state = State.CHUNK_SIZE;
          }
        }
        case CHUNK_SIZE, TRAILER -> {
          byte c = b[i++];
          line.write(c);
          if (line.size() > MAX_LINE) throw new IllegalStateException("a chunk line longer than " + MAX_LINE + " bytes");
          if (c == '\n') chunkLine(line.toString(StandardCharsets.ISO_8859_1).strip());
        }
        case UNTIL_CLOSE -> i = end;
        default -> throw new IllegalStateException(state.name());
      }
    }
    return i - off;
  }

  /** Whether the response ended. */
  boolean done() {
    return state == State.DONE;
  }

  /** Whether the response ends only when Jetty closes the connection. */
  boolean untilClose() {
    return state == State.UNTIL_CLOSE;
  }

  /** Whether the connection closes after this response ({@code Connection: close}, or a body read until close). */
  boolean closeAfter() {
    return close;
  }

  private boolean endsWithBlankLine() {
    byte[] h = line.toByteArray();
    int n = h.length;
    return n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n';
  }

  private void head(String head) {
    line.reset();
    String[] lines = head.split("\r\n");
    if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
      throw new IllegalStateException("a response status line: " + (lines.length == 0 ? "" : lines[0]));
    }
    int status = Integer.parseInt(lines[0].substring(9, 12));
    if (status >= 100 && status < 200) {
      if (status == 101) throw new IllegalStateException("an upgrade the front did not ask for");
      return; // interim: the response proper follows
    }
    long length = -1;
    boolean chunked = false;
    for (int k = 1; k < lines.length; k++) {
      int colon = lines[k].indexOf(':');
      if (colon <= 0) continue;
      String name = lines[k].substring(0, colon).strip();
      String value = lines[k].substring(colon + 1).strip();
      if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
      else if (name.equalsIgnoreCase("Transfer-Encoding")) chunked = value.equalsIgnoreCase("chunked");
      else if (name.equalsIgnoreCase("Connection")) {
        for (String token : value.split(",")) if (token.strip().equalsIgnoreCase("close")) close = true;
      }
    }
    if (headRequest || status == 204 || status == 304) {
      state = State.DONE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (length >= 0) {
      remaining = length;
      state = length == 0 ? State.DONE : State.LENGTH;
    } else {
      close = true;
      state = State.UNTIL_CLOSE;
    }
  }

  private void chunkLine(String text) {
    line.reset();
    if (state == State.TRAILER) {
      if (text.isEmpty()) state = State.DONE;
      return;
    }
    int semicolon = text.indexOf(';');
    long size = Long.parseLong(semicolon < 0 ? text : text.substring(0, semicolon).strip(), 16);
    if (size < 0) throw new IllegalStateException("a negative chunk size");
    if (size == 0) {
      state = State.TRAILER;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }
}
