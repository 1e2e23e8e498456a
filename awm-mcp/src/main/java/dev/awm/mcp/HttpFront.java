package dev.awm.mcp;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Jetty in front of the MCP servlet: its threads and connectors (a TCP one, and a
 * local one for the server's own in-process requests), the servlet at the endpoint, the operator
 * endpoints, the transport layer's filters, the fast path in front of them ({@link FastToolHandler}),
 * and the request size limit.
 *
 * <p>With the fast path on, the server's port is the front loop's ({@link FrontLoop}, started by
 * {@link ServerRun} once Jetty listens), and Jetty's TCP connector listens on a loopback port for
 * what the loop relays.
 *
 * @param jetty the server, not started
 * @param connector the TCP connector
 * @param local the in-process connector
 * @param gate the fast path's gate, null when the fast path is off
 */
record HttpFront(Server jetty, ServerConnector connector, LocalConnector local, FastGate gate) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpFront.class);
  /** Jetty's output buffer per open response (see {@code build}). */
  static final int OUTPUT_BUFFER_BYTES = 4096;

  /** Where and how to listen. */
  record Listen(String threadName, int maxThreads, String host, int port, String path, long maxRequestBytes, String nodeId,
      boolean fastPath) {}

  /** What the front needs to know of the MCP server it serves. */
  record Wiring(HttpServlet servlet, String mapping, List<String> protocolVersions, SessionRegistry registry,
      DefaultServerTransportSecurityValidator validator, BooleanSupplier ready, dev.awm.runtime.Environment environment,
      CompiledEnvironments compiled, ServerStats stats) {}

  static HttpFront build(Listen options, Wiring w) {
    QueuedThreadPool threads = new QueuedThreadPool(options.maxThreads(), Math.min(4, options.maxThreads()));
    threads.setName(options.threadName());
    threads.setDaemon(true);
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    // no per-connection header cache: a 20 KiB trie that every idle keep-alive connection (one or two per MCP client) kept
    org.eclipse.jetty.server.HttpConfiguration http = connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
    http.setHeaderCacheSize(0);
    // no "Server: Jetty(version)" on every answer: it tells a scanner which version to try, and costs bytes per answer
    http.setSendServerVersion(false);
    // a response's output buffer is taken from the pool while it is open, and an SDK client holds its session's event
    // stream open: 32 KiB (Jetty's default) of direct memory per session; events are small, and a large answer is
    // written in more pieces
    http.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
    if (options.fastPath()) { // behind the front loop, which owns the server's port
      connector.setHost(java.net.InetAddress.getLoopbackAddress().getHostAddress());
      connector.setPort(0);
    } else {
      connector.setHost(options.host());
      connector.setPort(options.port());
    }
    jetty.addConnector(connector);
    LocalConnector local = new LocalConnector(jetty);
    jetty.addConnector(local);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder("mcp", w.servlet());
    holder.setAsyncSupported(true); // the SDK streams responses asynchronously; without it every call is a 500
    context.addServlet(holder, w.mapping());
    OperatorEndpoints.addTo(context, w.validator(), () -> w.ready().getAsBoolean() && jetty.isStarted(), w.environment(), w.compiled(),
        w.registry(), w.stats());
    ResumableStreams streams = TransportLayer.install(jetty, context, options.path(), w.mapping(), new SessionGate(w.registry(), w.validator(), w.mapping().endsWith("/*")), w.protocolVersions(),
        options.maxRequestBytes(), options.nodeId(), w.registry(), options.fastPath());
    FilterHolder reader = new FilterHolder(new RequestReader());
    reader.setAsyncSupported(true); // after the gate: a reader per request (memory per idle connection)
    context.addFilter(reader, w.mapping(), EnumSet.of(DispatcherType.REQUEST));
    // bounds what one request may send (with or without a Content-Length): past it, 413 once the rest is discarded
    // the fast path in front of the servlet layer (inside the size limit); FastToolCalls answers what it leaves
    FastGate gate = !options.fastPath() ? null : new FastGate(new FastGate.Settings(options.path(), w.mapping().endsWith("/*"),
        w.protocolVersions(), options.nodeId(), options.maxRequestBytes()), w.registry(), streams, w.validator());
    org.eclipse.jetty.server.Handler inner = gate == null ? context : new FastToolHandler(gate, context);
    jetty.setHandler(new RequestSizeLimit(options.maxRequestBytes(), inner));
    jetty.setStopTimeout(0);
    return new HttpFront(jetty, connector, local, gate);
  }

  /**
   * Deletes the SDK transport's side of session {@code sessionId} with an in-process DELETE on
   * {@code local} (no socket), as a client's DELETE would; failures are logged at debug level.
   */
  static void deleteSession(LocalConnector local, String path, String hostHeader, String sessionId) {
    String request = "DELETE " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
        + SessionGate.SESSION_HEADER + ": " + sessionId + "\r\nConnection: close\r\n\r\n";
    try {
      String response = local.getResponse(request, 10, java.util.concurrent.TimeUnit.SECONDS);
      if (response == null || !response.startsWith("HTTP/1.1 200")) {
        LOG.debug("deleting expired session {}: {}", sessionId, response == null ? "no response" : response.lines().findFirst().orElse(""));
      }
    } catch (Exception e) {
      LOG.debug("deleting expired session {}: {}", sessionId, e.toString());
    }
  }
}
