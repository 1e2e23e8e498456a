package dev.awm.mcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 request head as the server's front loop ({@link FrontLoop}) reads it: strictly. The
 * front decides where a request ends only for heads it reads here without doubt: a request line
 * {@code METHOD SP TARGET SP HTTP/1.1}, header lines of token names and visible ASCII values, each
 * line ended by CRLF, one {@code Host} of a plain host and port, at most one {@code Content-Length}
 * of digits, and none of {@code Transfer-Encoding}, {@code Expect} or an upgrade. Any other head is
 * {@linkplain #unusual() unusual}: the front then hands the rest of the connection, bytes unread, to
 * Jetty, which alone reads it from there on. So the front and Jetty never disagree on where a request ends (no request
 * can be smuggled past one of them).
 */
final class RequestHead implements FastGate.Headers {
  /** The largest head the front reads itself; a larger one is unusual (Jetty answers it). */
  static final int MAX_HEAD_BYTES = 16 * 1024;
  private static final int BARE_LF = -2;

  private final String unusual;
  private final String method;
  private final String target;
  private final int length;
  private final long contentLength;
  private final boolean close;
  private final String[] names;
  private final String[] values;

  private RequestHead(String unusual, String method, String target, int length, long contentLength, boolean close, String[] names,
      String[] values) {
    this.unusual = unusual;
    this.method = method;
    this.target = target;
    this.length = length;
    this.contentLength = contentLength;
    this.close = close;
    this.names = names;
    this.values = values;
  }

  /**
   * The head at the start of {@code b[from, to)}: null while it is incomplete, else the head (which
   * may be {@linkplain #unusual() unusual}).
   */
  static RequestHead parse(byte[] b, int from, int to) {
    int end = headEnd(b, from, to);
    if (end == BARE_LF) return unusual("a bare LF");
    if (end < 0) return to - from > MAX_HEAD_BYTES ? unusual("a head longer than " + MAX_HEAD_BYTES + " bytes") : null;
    if (end - from > MAX_HEAD_BYTES) return unusual("a head longer than " + MAX_HEAD_BYTES + " bytes");
    int lineEnd = lineEnd(b, from, end);
    // request line
    int p = from;
    while (p < lineEnd && b[p] >= 'A' && b[p] <= 'Z') p++;
    if (p == from || p >= lineEnd || b[p] != ' ') return unusual("request line");
    String method = new String(b, from, p - from, StandardCharsets.US_ASCII);
    int t = ++p;
    while (p < lineEnd && b[p] > ' ' && b[p] < 0x7f) p++;
    if (p == t || p >= lineEnd || b[p] != ' ') return unusual("request target");
    String target = new String(b, t, p - t, StandardCharsets.US_ASCII);
    p++;
    if (lineEnd - p != 8 || !"HTTP/1.1".equals(new String(b, p, 8, StandardCharsets.US_ASCII))) return unusual("not HTTP/1.1");
    List<String> names = new ArrayList<>(12);
    List<String> values = new ArrayList<>(12);
    long contentLength = -1;
    boolean close = false;
    boolean host = false;
    for (int line = lineEnd + 2; line < end; line = lineEnd + 2) {
      lineEnd = lineEnd(b, line, end);
      int c = line;
      while (c < lineEnd && isTokenChar(b[c])) c++;
      if (c == line || c >= lineEnd || b[c] != ':') return unusual("header line");
      int v = c + 1;
      for (int i = v; i < lineEnd; i++) {
        if ((b[i] < 0x20 && b[i] != '\t') || b[i] == 0x7f || b[i] < 0) return unusual("header value");
      }
      String name = new String(b, line, c - line, StandardCharsets.US_ASCII);
      String value = new String(b, v, lineEnd - v, StandardCharsets.US_ASCII).strip();
      if (name.equalsIgnoreCase("Transfer-Encoding") || name.equalsIgnoreCase("Expect") || name.equalsIgnoreCase("Upgrade")) {
        return unusual(name);
      }
      if (name.equalsIgnoreCase("Content-Length")) {
        if (contentLength >= 0 || value.isEmpty() || value.length() > 18 || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          return unusual("Content-Length");
        }
        contentLength = Long.parseLong(value);
      }
      if (name.equalsIgnoreCase("Host") && (host || !plainHost(value))) return unusual("Host");
      host |= name.equalsIgnoreCase("Host");
      if (name.equalsIgnoreCase("Connection")) {
        for (String token : value.split(",")) {
          if (token.strip().equalsIgnoreCase("upgrade")) return unusual("Connection: upgrade");
          if (token.strip().equalsIgnoreCase("close")) close = true;
        }
      }
      names.add(name);
      values.add(value);
    }
    if (!host) return unusual("no Host");
    return new RequestHead(null, method, target, end + 4 - from, contentLength, close, names.toArray(new String[0]),
        values.toArray(new String[0]));
  }

  /** Why the front leaves this connection to Jetty, or null when it reads the head itself. */
  String unusual() {
    return unusual;
  }

  String method() {
    return method;
  }

  /** The request's path as sent (the target up to its query), or null for a target of another form than a path. */
  String path() {
    if (target.isEmpty() || target.charAt(0) != '/') return null;
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The head's length in bytes, its final CRLF included. */
  int length() {
    return length;
  }

  /** The declared body length, -1 when none is declared (no body). */
  long contentLength() {
    return contentLength;
  }

  /** The body's length: the declared one, else none. */
  long bodyLength() {
    return Math.max(0, contentLength);
  }

  /** Whether the client asked to close the connection after this request. */
  boolean close() {
    return close;
  }

  @Override
  public String first(String name) {
    for (int i = 0; i < names.length; i++) if (names[i].equalsIgnoreCase(name)) return values[i];
    return null;
  }

  @Override
  public List<String> getHeader(String name) {
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < names.length; i++) if (names[i].equalsIgnoreCase(name)) out.add(values[i]);
    return out;
  }

  @Override
  public List<String> getHeaderNames() {
    List<String> out = new ArrayList<>(names.length);
    for (String n : names) if (out.stream().noneMatch(n::equalsIgnoreCase)) out.add(n);
    return out;
  }

  private static RequestHead unusual(String why) {
    return new RequestHead(why, null, null, 0, -1, false, new String[0], new String[0]);
  }

  /**
   * The index of the CRLFCRLF ending the head in {@code b[from, to)}, -1 while there is none, or
   * {@link #BARE_LF} for an LF without its CR before it: a head that may never have a CRLFCRLF (its
   * lines may all end in LF alone), which Jetty is to read.
   */
  private static int headEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != '\n') continue;
      if (i == from || b[i - 1] != '\r') return BARE_LF;
      if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') return i - 1;
    }
    return -1;
  }

  /**
   * The index of the CRLF ending the line at {@code from} (at most {@code end}); a lone CR or LF
   * before it makes the line end there too, and then the line fails its checks (neither is a token
   * or value character).
   */
  private static int lineEnd(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
    return end;
  }

  /**
   * Whether {@code v} is a Host value without doubt: a name or IPv4 address of letters, digits and
   * {@code -._~}, or an IPv6 address in brackets, then an optional port (0 to 65535). Jetty refuses
   * some other values (400) that the server's Host check may let through, so the loop leaves them to it.
   */
  private static boolean plainHost(String v) {
    int end = v.length();
    int colon = v.lastIndexOf(':');
    if (colon >= 0 && colon > v.lastIndexOf(']')) {
      if (colon == v.length() - 1 || v.length() - colon > 6) return false;
      for (int i = colon + 1; i < v.length(); i++) if (v.charAt(i) < '0' || v.charAt(i) > '9') return false;
      if (Integer.parseInt(v.substring(colon + 1)) > 65535) return false;
      end = colon;
    }
    if (end == 0) return false;
    if (v.charAt(0) == '[') {
      if (v.charAt(end - 1) != ']' || end < 3) return false;
      for (int i = 1; i < end - 1; i++) if (Character.digit(v.charAt(i), 16) < 0 && v.charAt(i) != ':' && v.charAt(i) != '.') return false;
      return true;
    }
    for (int i = 0; i < end; i++) {
      char c = v.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0)) return false;
    }
    return true;
  }

  /** RFC 9110 tchar. */
  private static boolean isTokenChar(byte c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') return true;
    return c > 0 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
