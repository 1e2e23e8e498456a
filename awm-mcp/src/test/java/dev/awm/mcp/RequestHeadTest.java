package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestHead} reads a plain HTTP/1.1 head, waits for the rest of one that is incomplete,
 * and calls every other head unusual (the front then leaves the connection to Jetty): framing it
 * could disagree with Jetty on, upgrades, other versions, odd characters and line ends.
 */
class RequestHeadTest {
  private static final String PLAIN = "POST /mcp?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\nMcp-Session-Id:  abc \r\nX-Many: 1\r\n"
      + "x-many: 2\r\n\r\n";

  static RequestHead parse(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return RequestHead.parse(b, 0, b.length);
  }

  static String unusual(String s) {
    RequestHead h = parse(s);
    assertThat(h).as(s).isNotNull();
    return h.unusual();
  }

  @Test
  void readsAPlainHead() {
    RequestHead h = parse(PLAIN + "{\"body\":1}..");
    assertThat(h.unusual()).isNull();
    assertThat(h.method()).isEqualTo("POST");
    assertThat(h.path()).isEqualTo("/mcp");
    assertThat(h.length()).isEqualTo(PLAIN.length());
    assertThat(h.contentLength()).isEqualTo(12);
    assertThat(h.bodyLength()).isEqualTo(12);
    assertThat(h.close()).isFalse();
    assertThat(h.first("mcp-session-id")).isEqualTo("abc");
    assertThat(h.getHeader("X-MANY")).containsExactly("1", "2");
    assertThat(h.getHeaderNames()).containsExactly("Host", "Content-Length", "Mcp-Session-Id", "X-Many");
    assertThat(h.first("Absent")).isNull();
  }

  @Test
  void readsAHeadAtAnOffsetAndWithoutABody() {
    String get = "GET /healthz HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n";
    byte[] b = ("junk" + get + "GET").getBytes(StandardCharsets.ISO_8859_1);
    RequestHead h = RequestHead.parse(b, 4, b.length);
    assertThat(h.unusual()).isNull();
    assertThat(h.length()).isEqualTo(get.length());
    assertThat(h.contentLength()).isEqualTo(-1);
    assertThat(h.bodyLength()).isZero();
    assertThat(h.close()).isTrue();
    assertThat(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").path()).as("not a path").isNull();
    assertThat(parse("GET http://h/mcp HTTP/1.1\r\nHost: h\r\n\r\n").path()).isNull();
  }

  @Test
  void waitsForTheRestOfAnIncompleteHead() {
    for (int cut : new int[] {0, 1, 10, PLAIN.length() - 3, PLAIN.length() - 2, PLAIN.length() - 1}) {
      assertThat(parse(PLAIN.substring(0, cut))).as("cut at %d", cut).isNull();
    }
    assertThat(parse(PLAIN.substring(0, PLAIN.length() - 1) + "X")).as("a lone CR before the end is not the end").isNull();
  }

  @Test
  void callsFramingItCouldDisagreeOnUnusual() {
    assertThat(unusual("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo("Transfer-Encoding");
    assertThat(unusual("POST / HTTP/1.1\r\nContent-Length: 3\r\ntransfer-encoding: identity\r\n\r\n")).isEqualTo("transfer-encoding");
    for (String length : List.of("Content-Length: 3\r\nContent-Length: 3", "Content-Length: 3\r\nContent-length: 4", "Content-Length: -1",
        "Content-Length: +3", "Content-Length: 3, 3", "Content-Length: 0x10", "Content-Length: ", "Content-Length: 1234567890123456789",
        "Content-Length: 3 3")) {
      assertThat(unusual("POST / HTTP/1.1\r\n" + length + "\r\n\r\n")).as(length).isEqualTo("Content-Length");
    }
    assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 123456789012345678\r\n\r\n").contentLength()).isEqualTo(123456789012345678L);
    assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\t7 \r\n\r\n").contentLength()).as("optional whitespace").isEqualTo(7);
  }

  @Test
  void callsUpgradesExpectationsAndOtherVersionsUnusual() {
    assertThat(unusual("POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n")).isEqualTo("Expect");
    assertThat(unusual("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n")).isEqualTo("Upgrade");
    assertThat(unusual("GET / HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n\r\n")).isEqualTo("Connection: upgrade");
    for (String line : List.of("GET / HTTP/1.0", "GET / HTTP/2.0", "GET / http/1.1", "GET / HTTP/1.1 ", "GET  / HTTP/1.1", "get / HTTP/1.1",
        "GET /", "GET / HTTP/1.1x", " GET / HTTP/1.1", "GET /\u0080 HTTP/1.1", "PRI * HTTP/2.0")) {
      assertThat(unusual(line + "\r\nHost: h\r\n\r\n")).as(line).isNotNull();
    }
  }

  @Test
  void callsOddCharactersAndLineEndsUnusual() {
    for (String header : List.of("X-Folded: a\r\n b", "X-Folded: a\r\n\tb", "X-Odd: a\rb", "X-Odd: a\u0000b", "X-Odd: a\u007fb", "X-Odd: caf\u00e9",
        "X-Odd : a", "X Odd: a", "(X): a", ": a", "X-Odd")) {
      assertThat(unusual("POST / HTTP/1.1\r\n" + header + "\r\nContent-Length: 3\r\n\r\n")).as(header).isNotNull();
    }
    assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nX-Tab: a\tb\r\n\r\n").first("X-Tab")).isEqualTo("a\tb");
    // a bare LF anywhere in the head: unusual at once, even if no CRLFCRLF ever follows
    assertThat(unusual("GET / HTTP/1.1\nHost: h\n\n")).isEqualTo("a bare LF");
    assertThat(unusual("GET / HTTP/1.1\r\nHost: h\n")).isEqualTo("a bare LF");
    assertThat(unusual("\nGET / HTTP/1.1\r\n\r\n")).isEqualTo("a bare LF");
    assertThat(unusual("GET / HTTP/1.1\r\nHost: h\r\n\n")).isEqualTo("a bare LF");
    // a bare LF in the body is the body's
    assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\na\nb").unusual()).isNull();
    assertThat(unusual("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")).as("an empty line before the request line").isEqualTo("request line");
  }

  @Test
  void callsAHeadWithoutExactlyOnePlainHostUnusual() {
    assertThat(unusual("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")).isEqualTo("no Host");
    for (String host : List.of("Host: a\r\nHost: a", "Host: a\r\nhost: b", "Host: ", "Host: a b", "Host: a:b", "Host: a:", "Host: a:123456",
        "Host: a:65536", "Host: :80", "Host: [::1", "Host: []", "Host: [::g]", "Host: a@b", "Host: a%41", "Host: a/b", "Host: a,b")) {
      assertThat(unusual("GET / HTTP/1.1\r\n" + host + "\r\n\r\n")).as(host).isEqualTo("Host");
    }
    for (String host : List.of("localhost", "127.0.0.1:8080", "[::1]", "[::1]:443", "mcp.example-1.com:65535", "a:0", "a_b~c", "HOST")) {
      RequestHead h = parse("GET / HTTP/1.1\r\nhost:  " + host + " \r\n\r\n");
      assertThat(h.unusual()).as(host).isNull();
      assertThat(h.first("Host")).isEqualTo(host);
    }
  }

  @Test
  void callsAHeadOverTheLimitUnusual() {
    String big = "GET / HTTP/1.1\r\nX-Big: " + "b".repeat(RequestHead.MAX_HEAD_BYTES) + "\r\n\r\n";
    assertThat(unusual(big)).contains("longer than");
    assertThat(unusual(big.substring(0, RequestHead.MAX_HEAD_BYTES + 1))).as("before its end arrives").contains("longer than");
    assertThat(parse(big.substring(0, RequestHead.MAX_HEAD_BYTES))).as("still within the limit: incomplete").isNull();
    String fits = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "b".repeat(RequestHead.MAX_HEAD_BYTES - 40) + "\r\n\r\n";
    assertThat(parse(fits).unusual()).isNull();
  }
}
