package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, bytes written by hand: requests as the test writes them (split,
 * pipelined, malformed) and responses read by their {@code Content-Length}, their chunks, or until
 * the server closes. The socket times out after 20 s of silence (a guard against a hang, not a
 * measure of speed).
 */
final class RawSocket implements Closeable {
  static final String VERSION = "2025-06-18";

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final URI url;

  RawSocket(URI url) throws IOException {
    this(url, url.getPort());
  }

  /** A connection to {@code port} on the host of {@code url} (e.g. Jetty's own port behind the front). */
  RawSocket(URI url, int port) throws IOException {
    this.url = url;
    socket = new Socket(url.getHost(), port);
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** One response: its status, headers (names in lower case, values in order), and body (chunks joined). */
  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    /** The JSON-RPC message: the body as JSON, or the data of its (last non-empty) server-sent event. */
    @SuppressWarnings("unchecked")
    Map<String, Object> message() {
      if (body.startsWith("{")) return (Map<String, Object>) JsonValues.parse(body);
      Map<String, Object> found = null;
      for (String line : body.split("\n")) {
        if (line.startsWith("data:") && !line.substring(5).isBlank()) found = (Map<String, Object>) JsonValues.parse(line.substring(5).trim());
      }
      if (found == null) throw new AssertionError("no JSON-RPC message in: " + body);
      return found;
    }

    /** The text of a tools/call result. */
    @SuppressWarnings("unchecked")
    String resultText() {
      Map<String, Object> result = (Map<String, Object>) message().get("result");
      assertThat(result).as(body).isNotNull();
      return (String) ((Map<String, Object>) ((List<Object>) result.get("content")).get(0)).get("text");
    }

    long id() {
      return ((Number) message().get("id")).longValue();
    }
  }

  void write(String s) throws IOException {
    write(s.getBytes(StandardCharsets.UTF_8));
  }

  void write(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** Writes {@code s} {@code step} bytes at a time, each piece its own write (and TCP segment: no delay). */
  void writeSlowly(String s, int step) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i += step) {
      out.write(b, i, Math.min(step, b.length - i));
      out.flush();
    }
  }

  /** A POST of {@code body} to the endpoint, with the transport's headers ({@code session} may be null). */
  String post(String session, String body) {
    return post(session, body, "");
  }

  /** The same with {@code extraHeaders} (each line ending in CRLF) after the others. */
  String post(String session, String body, String extraHeaders) {
    return post(url, session, body, extraHeaders);
  }

  /** A POST of {@code body} to endpoint {@code url}. */
  static String post(URI url, String session, String body, String extraHeaders) {
    return "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority() + "\r\nAccept: " + RawHttp.ACCEPT
        + "\r\nContent-Type: application/json\r\n" + (session == null ? "" : "Mcp-Session-Id: " + session + "\r\n")
        + "MCP-Protocol-Version: " + VERSION + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
        + extraHeaders + "\r\n" + body;
  }

  static String toolCall(int id, String tool, String argumentsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
        + argumentsJson + "}}";
  }

  static String toolsList(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
  }

  static String ping(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}";
  }

  /** Sends {@code request} and reads its response. */
  Response exchange(String request) throws IOException {
    write(request);
    return read();
  }

  /** Initializes a session on this connection (initialize, then notifications/initialized); its id. */
  String initialize() throws IOException {
    Response init = exchange(post(null, RawHttp.INITIALIZE));
    assertThat(init.status()).as(init.body()).isEqualTo(200);
    String session = init.header("Mcp-Session-Id");
    assertThat(session).isNotBlank();
    Response initialized = exchange(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
    assertThat(initialized.status()).isEqualTo(202);
    return session;
  }

  /** Reads one response head and its whole body. */
  Response read() throws IOException {
    Response head = readHead();
    if (head == null) throw new AssertionError("the connection closed before a response");
    return new Response(head.status(), head.headers(), body(head));
  }

  /** Reads a response head only (its body, if any, is left unread): null if the connection closed before one. */
  Response readHead() throws IOException {
    String status = line(true);
    if (status == null) return null;
    assertThat(status).startsWith("HTTP/1.1 ");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(false); !line.isEmpty(); line = line(false)) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(status.substring(9, 12)), headers, "");
  }

  /** Every response until the server closes the connection. */
  List<Response> readAll() throws IOException {
    List<Response> all = new ArrayList<>();
    for (Response head; (head = readHead()) != null;) all.add(new Response(head.status(), head.headers(), body(head)));
    return all;
  }

  /** Whether the server closed the connection (end of stream, or a reset) with nothing more to read. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  private String body(Response head) throws IOException {
    String length = head.header("Content-Length");
    String encoding = head.header("Transfer-Encoding");
    if (head.status() == 204 || head.status() == 304 || head.status() < 200) return "";
    if (encoding != null && encoding.equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (;;) {
        String size = line(false);
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while (!line(false).isEmpty()) { /* trailers */ }
          return b.toString(StandardCharsets.UTF_8);
        }
        b.write(in.readNBytes(n));
        assertThat(line(false)).as("CRLF after a chunk").isEmpty();
      }
    }
    if (length != null) {
      byte[] b = in.readNBytes(Integer.parseInt(length));
      assertThat(b).as("the whole body").hasSize(Integer.parseInt(length));
      return new String(b, StandardCharsets.UTF_8);
    }
    return new String(in.readAllBytes(), StandardCharsets.UTF_8); // until close
  }

  /** A CRLF-ended line without its CRLF; at the start of a response, null on a clean end of stream. */
  private String line(boolean first) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (;;) {
      int c;
      try {
        c = in.read();
      } catch (SocketException e) {
        if (first && b.size() == 0) return null; // reset between responses
        throw e;
      }
      if (c < 0) {
        if (first && b.size() == 0) return null;
        throw new AssertionError("the connection closed mid-line: " + b.toString(StandardCharsets.ISO_8859_1));
      }
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        assertThat(s).as("a line ends with CRLF").endsWith("\r");
        return s.substring(0, s.length() - 1);
      }
      b.write(c);
    }
  }

  /** Closes the sending side: the server sees the end of the requests. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
