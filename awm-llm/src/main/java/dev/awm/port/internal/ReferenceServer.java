package dev.awm.port.internal;

import dev.awm.pipeline.PythonRuntime;
import dev.awm.core.internal.JsonValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One reference environment running as the reference runs it: its FastAPI app under uvicorn, on a
 * copy of the initial database, in a child process (see {@code harness.py}). Tool calls are mapped
 * to HTTP requests the way the reference's MCP exposure maps them (path parameters into the path,
 * query parameters into the query string, every other argument into the JSON body), from the app's
 * own OpenAPI document. One episode at a time: {@link #lock()} is held around reset, calls and the
 * database read that belong together. Close it to stop the process.
 */
public final class ReferenceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceServer.class);
  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration CALL = Duration.ofSeconds(60);
  private static final int MAX_LOG = 4000;

  /** How an operation is reached: method, path template, its path and query parameters, whether it takes a body. */
  record Operation(String method, String path, List<String> pathParams, List<String> queryParams, boolean body) {}

  /**
   * One response of the app.
   *
   * @param status the HTTP status
   * @param body the body as text (JSON for FastAPI's answers, plain text for an unhandled exception)
   */
  public record Response(int status, String body) {
    /** Whether the app answered with a 2xx status. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The body as JSON values, or the text itself when it is not JSON. */
    public Object value() {
      try {
        return JsonValues.parse(body);
      } catch (RuntimeException e) {
        return body;
      }
    }

    /** FastAPI's {@code detail} when it is a string (an HTTPException's message), else null. */
    public String detail() {
      return value() instanceof Map<?, ?> m && m.get("detail") instanceof String s ? s : null;
    }
  }

  private final String scenario;
  private final Process process;
  private final Path dir;
  private final HttpClient http;
  private final String base;
  private Map<String, Operation> operations = Map.of();
  private final StringBuffer log;
  private final ReentrantLock lock = new ReentrantLock();

  private ReferenceServer(String scenario, Process process, Path dir, int port, StringBuffer log) {
    this.scenario = scenario;
    this.process = process;
    this.dir = dir;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.base = "http://127.0.0.1:" + port;
    this.log = log;
  }

  /**
   * Starts {@code code} (the reference's {@code full_code}) on a copy of {@code initialImage}, its
   * clock pinned to {@code now}.
   *
   * @throws ReferenceException if the app does not start (the message carries its output)
   */
  public static ReferenceServer start(PythonRuntime python, String scenario, String code, byte[] initialImage, LocalDateTime now) {
    Path dir;
    try {
      dir = Files.createTempDirectory("awm-port-");
      Files.writeString(dir.resolve("server.py"), code);
      Files.write(dir.resolve("initial.db"), initialImage);
      Files.write(dir.resolve("work.db"), initialImage);
      Harness.write(dir);
    } catch (IOException e) {
      throw new ReferenceException(scenario + ": cannot prepare the reference app: " + e.getMessage(), e);
    }
    List<String> cmd = List.of(python.executable().toString(), dir.resolve("awm_port_harness.py").toString(), "serve",
        "--code", dir.resolve("server.py").toString(), "--db", dir.resolve("work.db").toString(),
        "--initial", dir.resolve("initial.db").toString(), "--now", now.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new ReferenceException(scenario + ": cannot start " + python.executable() + ": " + e.getMessage(), e);
    }
    StringBuffer out = new StringBuffer();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("AWM_PORT ")) port.complete(Integer.parseInt(line.substring(9).trim()));
          else if (out.length() < MAX_LOG * 4) out.append(line).append('\n');
        }
      } catch (IOException | RuntimeException e) {
        // the process is gone; the exit is reported below
      }
      port.complete(-1);
    }, "awm-port-" + scenario);
    reader.setDaemon(true);
    reader.start();
    try {
      int n = port.get(START.toSeconds(), TimeUnit.SECONDS);
      if (n < 0) throw new ReferenceException(scenario + ": the reference app exited before it listened (exit code "
          + exitCode(p) + "):\n" + tail(out));
      ReferenceServer s = new ReferenceServer(scenario, p, dir, n, out);
      s.awaitReady();
      s.operations = s.readOperations();
      LOG.info("{}: reference app listening on port {} ({} operations)", scenario, n, s.operations.size());
      return s;
    } catch (java.util.concurrent.TimeoutException e) {
      stop(p);
      deleteQuietly(dir);
      throw new ReferenceException(scenario + ": the reference app did not listen within " + START.toSeconds() + " s:\n" + tail(out));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(p);
      deleteQuietly(dir);
      throw new ReferenceException(scenario + ": interrupted while starting the reference app");
    } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
      stop(p);
      deleteQuietly(dir);
      if (e instanceof ReferenceException r) throw r;
      throw new ReferenceException(scenario + ": the reference app failed to start: " + e.getMessage() + "\n" + tail(out), e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START.toNanos();
    while (true) {
      try {
        if (send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).GET()).status() == 200) return;
      } catch (ReferenceException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) throw e;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReferenceException(scenario + ": interrupted");
      }
    }
  }

  private Map<String, Operation> readOperations() {
    Map<String, Operation> out = new LinkedHashMap<>();
    JsonNode doc;
    try {
      doc = JsonValues.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).GET()).body());
    } catch (RuntimeException e) {
      throw new ReferenceException(scenario + ": the reference app's OpenAPI document cannot be read: " + e.getMessage(), e);
    }
    for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> m : path.getValue().properties()) {
        JsonNode op = m.getValue();
        String id = op.path("operationId").asString("");
        if (id.isEmpty()) continue;
        List<String> inPath = new ArrayList<>();
        List<String> inQuery = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
          String where = p.path("in").asString("");
          if (where.equals("path")) inPath.add(p.path("name").asString());
          if (where.equals("query")) inQuery.add(p.path("name").asString());
        }
        out.put(id, new Operation(m.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), inPath, inQuery, op.has("requestBody")));
      }
    }
    return out;
  }

  /** The operation ids the app declares. */
  public java.util.Set<String> operations() {
    return java.util.Collections.unmodifiableSet(operations.keySet());
  }

  /** The lock that makes a reset, its calls and the read of the database one episode. */
  public ReentrantLock lock() {
    return lock;
  }

  /**
   * Calls operation {@code operationId} with {@code arguments}, as the reference's MCP exposure does.
   *
   * @throws ReferenceException if the app declares no such operation or cannot be reached
   */
  public Response call(String operationId, Map<String, Object> arguments) {
    Operation op = operations.get(operationId);
    if (op == null) throw new ReferenceException(scenario + ": the reference app has no operation '" + operationId + "'");
    Map<String, Object> rest = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
    String path = op.path();
    for (String name : op.pathParams()) {
      if (rest.containsKey(name)) path = path.replace("{" + name + "}", encode(text(rest.remove(name))));
    }
    StringBuilder query = new StringBuilder();
    for (String name : op.queryParams()) {
      if (!rest.containsKey(name)) continue;
      Object v = rest.remove(name);
      for (Object item : v instanceof List<?> l ? l : List.of(v == null ? "" : v)) {
        query.append(query.length() == 0 ? '?' : '&').append(encode(name)).append('=').append(encode(text(item)));
      }
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + query)).timeout(CALL);
    if (!rest.isEmpty() || op.body()) {
      String json = rest.isEmpty() ? "{}" : JsonValues.write(rest);
      b.header("Content-Type", "application/json").method(op.method(), HttpRequest.BodyPublishers.ofString(json));
    } else {
      b.method(op.method(), HttpRequest.BodyPublishers.noBody());
    }
    return send(b);
  }

  /** Puts the initial database back (the app's engines are disposed first). */
  public void reset() {
    Response r = send(HttpRequest.newBuilder(URI.create(base + "/__awm__/reset")).POST(HttpRequest.BodyPublishers.noBody()));
    if (!r.ok()) throw new ReferenceException(scenario + ": resetting the reference database failed: " + r.status() + " " + r.body());
  }

  /** The app's database file as it is now. */
  public byte[] database() {
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/__awm__/db")).timeout(CALL).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) throw new ReferenceException(scenario + ": reading the reference database failed: " + r.statusCode());
      return r.body();
    } catch (IOException e) {
      throw new ReferenceException(scenario + ": cannot read the reference database: " + e.getMessage() + "\n" + tail(log), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReferenceException(scenario + ": interrupted");
    }
  }

  /** What the app printed (its tracebacks), the last few thousand characters. */
  public String output() {
    return tail(log);
  }

  private Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      String why = process.isAlive() ? e.toString() : "the reference app exited (code " + exitCode(process) + ")";
      throw new ReferenceException(scenario + ": calling the reference app failed: " + why + "\n" + tail(log), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReferenceException(scenario + ": interrupted");
    }
  }

  @Override
  public void close() {
    stop(process);
    deleteQuietly(dir);
  }

  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  private static String exitCode(Process p) {
    try {
      return p.waitFor(2, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot delete {}: {}", dir, e.toString());
    }
  }

  private static String text(Object v) {
    return v instanceof String s ? s : JsonValues.write(v);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String tail(CharSequence s) {
    String t = s.toString().strip();
    return t.length() <= MAX_LOG ? t : "..." + t.substring(t.length() - MAX_LOG);
  }
}
