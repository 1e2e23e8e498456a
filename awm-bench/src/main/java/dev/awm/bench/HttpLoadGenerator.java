package dev.awm.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load generator for {@code get_product} over HTTP: N sessions, each its own
 * keep-alive connection sending a request as soon as the previous answer arrived, for a fixed
 * time after a warm-up. Two modes: {@code mcp} (MCP Streamable HTTP: {@code initialize},
 * {@code notifications/initialized}, then {@code tools/call} after {@code tools/call}, each session
 * an MCP session with its own database) and {@code post} (a bare JSON POST, as the FastAPI baseline
 * serves). Reports requests per second and, from {@code /proc/PID/stat}, the server process's
 * processor time per request. A hand-written HTTP/1.1 client keeps the generator's own share of the
 * shared processors small (its time per request is reported too).
 *
 * <pre>java -cp benchmarks.jar dev.awm.bench.HttpLoadGenerator --mode mcp|post --url URL --server-pid PID
 *     [--sessions 16] [--duration 20] [--warmup 10] [--ids 10] [--label name]</pre>
 */
public final class HttpLoadGenerator {
  private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private final URI url;
  private final boolean mcp;
  private final int ids;
  private final LongAdder done = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicLong firstFailure = new AtomicLong();
  private volatile String failure;
  private volatile boolean running = true;

  private HttpLoadGenerator(URI url, boolean mcp, int ids) {
    this.url = url;
    this.mcp = mcp;
    this.ids = ids;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> o = options(argv);
    String mode = o.getOrDefault("mode", "mcp");
    if (!mode.equals("mcp") && !mode.equals("post")) throw new IllegalArgumentException("--mode is mcp or post, got " + mode);
    URI url = URI.create(required(o, "url"));
    long pid = Long.parseLong(required(o, "server-pid"));
    int sessions = Integer.parseInt(o.getOrDefault("sessions", "16"));
    double duration = Double.parseDouble(o.getOrDefault("duration", "20"));
    double warmup = Double.parseDouble(o.getOrDefault("warmup", "10"));
    HttpLoadGenerator g = new HttpLoadGenerator(url, mode.equals("mcp"), Integer.parseInt(o.getOrDefault("ids", "10")));
    awaitListening(url, 120);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      int session = s;
      Thread t = new Thread(() -> g.session(session), "load-" + s);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    Thread.sleep((long) (warmup * 1000));
    long n0 = g.done.sum(), f0 = g.failed.sum(), cpu0 = processTicks(pid), own0 = ownCpuNanos(), t0 = System.nanoTime();
    Thread.sleep((long) (duration * 1000));
    long n1 = g.done.sum(), f1 = g.failed.sum(), cpu1 = processTicks(pid), own1 = ownCpuNanos(), t1 = System.nanoTime();
    g.running = false;
    for (Thread t : threads) t.join(5000);
    long requests = n1 - n0;
    double seconds = (t1 - t0) / 1e9;
    double serverCpuSeconds = (cpu1 - cpu0) / (double) CLOCK_TICKS_PER_SECOND;
    System.out.printf(Locale.ROOT, "RESULT {\"label\":\"%s\",\"mode\":\"%s\",\"sessions\":%d,\"seconds\":%.1f,\"requests\":%d,"
            + "\"failed\":%d,\"requests_per_s\":%.0f,\"server_cpu_us_per_request\":%.1f,\"server_cores_busy\":%.2f,"
            + "\"client_cpu_us_per_request\":%.1f}%n",
        o.getOrDefault("label", mode), mode, sessions, seconds, requests, f1 - f0, requests / seconds,
        requests == 0 ? 0 : serverCpuSeconds * 1e6 / requests, serverCpuSeconds / seconds,
        requests == 0 ? 0 : (own1 - own0) / 1e3 / requests);
    if (g.failure != null) System.out.println("first failure: " + g.failure);
    if (requests == 0) System.exit(1);
  }

  /** Waits until something accepts connections at {@code url} (a server starting on a loaded machine). */
  private static void awaitListening(URI url, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end) throw new IllegalStateException("nothing listens at " + url + " after " + seconds + " s");
        Thread.sleep(100);
      }
    }
  }

  /** One session: connect, (for MCP) initialize, then call until stopped; reconnects after a failure. */
  private void session(int session) {
    long call = 0;
    while (running) {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        String sessionId = mcp ? initialize(out, in) : null;
        while (running) {
          long id = 1 + (session + call++) % ids;
          String body = mcp
              ? "{\"jsonrpc\":\"2.0\",\"id\":" + call + ",\"method\":\"tools/call\",\"params\":{\"name\":\"get_product\","
                  + "\"arguments\":{\"product_id\":" + id + "}}}"
              : "{\"product_id\":" + id + "}";
          // a bare POST names its session too, for a baseline that keeps a database per session as the MCP server does
          Response r = exchange(out, in, body, mcp ? sessionId : "post-" + session);
          if (r.status == 200 && r.body.contains("sku") && !r.body.contains("\"isError\":true")) {
            done.increment();
          } else {
            fail("HTTP " + r.status + ": " + r.body);
          }
        }
      } catch (IOException | RuntimeException e) {
        if (running) fail(e.toString());
      }
    }
  }

  private String initialize(OutputStream out, InputStream in) throws IOException {
    Response init = exchange(out, in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"awm-load\",\"version\":\"1\"}}}", null);
    String id = init.headers.get("mcp-session-id");
    if (init.status != 200 || id == null) throw new IOException("initialize answered HTTP " + init.status + ": " + init.body);
    Response ack = exchange(out, in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", id);
    if (ack.status / 100 != 2) throw new IOException("notifications/initialized answered HTTP " + ack.status);
    return id;
  }

  private void fail(String why) {
    failed.increment();
    if (firstFailure.compareAndSet(0, System.nanoTime())) failure = why.length() > 300 ? why.substring(0, 300) : why;
  }

  /** An HTTP answer: status, lower-case header names, body as text. */
  private record Response(int status, Map<String, String> headers, String body) {}

  private Response exchange(OutputStream out, InputStream in, String body, String sessionId) throws IOException {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder(256).append("POST ").append(url.getRawPath()).append(" HTTP/1.1\r\nHost: ")
        .append(url.getHost()).append(':').append(url.getPort())
        .append("\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ")
        .append(content.length).append("\r\n");
    if (sessionId != null && !mcp) head.append("X-Session: ").append(sessionId).append("\r\n");
    else if (sessionId != null) head.append("Mcp-Session-Id: ").append(sessionId).append("\r\nMCP-Protocol-Version: 2025-06-18\r\n");
    byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[h.length + content.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(content, 0, request, h.length, content.length);
    out.write(request);
    out.flush();
    return read(in);
  }

  private static Response read(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) throw new IOException("connection closed");
    int code = Integer.parseInt(status.substring(9, 12));
    Map<String, String> headers = new HashMap<>();
    String l;
    while ((l = line(in)) != null && !l.isEmpty()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(512);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      int size;
      while ((size = Integer.parseInt(line(in).trim(), 16)) > 0) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in);
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if (code != 202 && code != 204) {
      body.write(in.readAllBytes());
    }
    return new Response(code, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') return sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.substring(0, sb.length() - 1) : sb.toString();
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** User plus system time of process {@code pid}, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  static long processTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Map<String, String> options(String[] argv) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      o.put(argv[i].substring(2), argv[++i]);
    }
    return o;
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }
}
