package dev.awm.mcp;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.Environment;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a started {@link McpEnvironmentServer} runs, assembled when it starts and stopped when it
 * closes: the live sessions ({@link SessionRegistry}); the MCP SDK's server and transport of its one
 * environment or, for a catalog, the router that compiles each environment on first use and serves
 * it at its own endpoint; and the HTTP front ({@link HttpFront}) in front of them.
 */
final class ServerRun {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRun.class);

  private final ServerOptions options;
  private final DefaultServerTransportSecurityValidator validator;
  private final ServerStats stats;
  private final SessionRegistry registry;
  private final String hostHeader;
  private CompiledEnvironments compiled;
  private EnvironmentRouter router;
  private McpSyncServer mcpServer;
  private final HttpFront front;
  /** The event loop on the server's port, when the fast path is on (started after Jetty). */
  private FrontLoop loop;

  /**
   * Assembles the parts, not yet listening.
   *
   * @param episodeControl the episode control of a server of one (null: off; a server of many makes its own per environment)
   * @param ready whether the server is ready, for {@code /readyz} (besides Jetty being started)
   */
  ServerRun(ServerOptions options, DefaultServerTransportSecurityValidator validator, EpisodeControl episodeControl, ServerStats stats,
      BooleanSupplier ready) {
    this.options = options;
    this.validator = validator;
    this.stats = stats;
    this.hostHeader = options.hostHeader();
    Environment environment = options.environment();
    HttpServlet servlet;
    if (options.catalog() == null) {
      registry = new SessionRegistry(environment, options.maxSessions(), options.idleTimeout());
      HttpServletStreamableServerTransportProvider transport = transport(options.path());
      EnvironmentTools tools = new EnvironmentTools(environment, registry::handle, episodeControl, stats);
      mcpServer = ServerWiring.build(McpServer.sync(new SessionTrackingProvider(transport, registry, tools, null)), tools);
      servlet = transport;
    } else {
      registry = new SessionRegistry(options.name(), null, options.maxSessions(), options.idleTimeout());
      compiled = new CompiledEnvironments(options.catalog(), this::serve);
      router = new EnvironmentRouter(compiled, "/environments");
      servlet = router;
    }
    String mapping = options.catalog() == null ? options.path() : options.path() + "/*";
    if (options.runDirectory() != null) {
      SessionRuns runs = new SessionRuns(options.runDirectory());
      registry.runs = runs;
      stats.runs = runs;
    }
    // the protocol versions of this SDK (the same for every environment's transport)
    List<String> versions = (servlet instanceof HttpServletStreamableServerTransportProvider p ? p : transport(options.path())).protocolVersions();
    front = HttpFront.build(new HttpFront.Listen("awm-mcp-" + (options.catalog() == null ? environment.name() : "many"), options.maxThreads(),
            options.host(), options.port(), options.path(), options.maxRequestBytes(), options.nodeId(), options.fastPath()),
        new HttpFront.Wiring(servlet, mapping, versions, registry, validator, ready, environment, compiled, stats));
  }

  /** The SDK's Streamable HTTP transport for the endpoint {@code endpoint}. */
  private HttpServletStreamableServerTransportProvider transport(String endpoint) {
    return HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(ServerWiring.baseMapper())
        .mcpEndpoint(endpoint)
        .httpHeaderValidator(validator)
        // this server expires idle sessions itself (SessionRegistry); the SDK's sweeper (on by
        // default, every 30 minutes) skips sessions with an open stream and its thread outlives close()
        .sessionSweepInterval(null)
        .build();
  }

  /** Serves a catalog's environment at {@code /mcp/NAME}: compiles it and builds its SDK server (a server of many). */
  private ServedEnvironment serve(EnvironmentDefinition definition, CompiledEnvironments.Lease lease) {
    Environment env = options.catalog().compile(definition);
    EpisodeControl control = ServerWiring.episodeControl(env, options.episodeControl(), null, options.rewardPolicy());
    HttpServletStreamableServerTransportProvider servlet = transport(options.path() + "/" + env.name());
    try {
      servlet.init(router.getServletConfig());
    } catch (ServletException e) {
      throw new IllegalStateException(e);
    }
    EnvironmentTools tools = new EnvironmentTools(env, registry::handle, control, stats);
    McpSyncServer server = ServerWiring.build(McpServer.sync(new SessionTrackingProvider(servlet, registry, tools, lease)), tools);
    return new ServedEnvironment(env, servlet, server);
  }

  /** Starts Jetty; on success, the expiry of idle sessions. */
  void start() throws Exception {
    front.jetty().start();
    if (front.gate() != null) {
      java.net.InetSocketAddress bind = options.host() == null ? new java.net.InetSocketAddress(options.port())
          : new java.net.InetSocketAddress(options.host(), options.port());
      java.net.InetSocketAddress jetty = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), front.connector().getLocalPort());
      try {
        loop = new FrontLoop("awm-mcp-" + (options.catalog() == null ? options.environment().name() : "many"), bind, jetty, front.gate(), front.jetty().getThreadPool(), front.connector().getIdleTimeout());
      } catch (java.io.IOException e) {
        front.jetty().stop();
        throw e;
      }
      loop.start();
    }
    registry.startExpiry(this::deleteExpired);
  }

  /** The port clients connect to. */
  int port() {
    return loop != null ? loop.port() : front.connector().getLocalPort();
  }

  /** Stops serving, ends every session and closes their handles, and the compiled environments of a catalog. */
  void stop() {
    registry.stopExpiry(); // first: no session expires (with an in-process DELETE) while Jetty stops
    if (loop != null) loop.close();
    try {
      front.jetty().stop();
    } catch (Exception e) {
      LOG.warn("stopping the MCP server of {}: {}", options.name(), e.toString());
    }
    try {
      if (mcpServer != null) mcpServer.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the MCP server of {}: {}", options.name(), e.toString());
    }
    registry.close();
    if (compiled != null) compiled.close();
  }

  /** Deletes the SDK transport's side of an expired session with an in-process DELETE (no socket). */
  private void deleteExpired(String sessionId, String environmentName) {
    String path = options.catalog() == null ? options.path() : options.path() + "/" + environmentName;
    HttpFront.deleteSession(front.local(), path, hostHeader, sessionId);
  }

  /** The event loop on the server's port, null when the fast path is off (for tests). */
  FrontLoop frontLoop() {
    return loop;
  }

  HttpFront front() {
    return front;
  }

  SessionRegistry registry() {
    return registry;
  }
}
