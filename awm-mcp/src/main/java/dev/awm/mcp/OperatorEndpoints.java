package dev.awm.mcp;

import dev.awm.runtime.Environment;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The operators' endpoints of an MCP server, all GET, all JSON:
 * <ul>
 *   <li>{@code /healthz}: 200 while the process serves HTTP at all;
 *   <li>{@code /readyz}: 200 when the server takes new sessions (started, not shutting down), else 503;
 *   <li>{@code /environments}: what is served: name, whether compiled, tools (when compiled), live sessions;
 *   <li>{@code /stats}: live sessions by environment, tool calls and failed calls by environment and in
 *       all, and the compile cache's size, bound, hits, misses and evictions (a server of many).
 * </ul>
 * They answer the same Origin and Host checks as the MCP endpoint.
 */
final class OperatorEndpoints extends HttpServlet {
  private static final long serialVersionUID = 1L;
  /** The paths served. */
  static final List<String> PATHS = List.of("/healthz", "/readyz", "/environments", "/stats");

  private final transient ServerHttpHeaderValidator validator;
  private final transient BooleanSupplier ready;
  private final transient Environment environment;
  private final transient SessionRegistry registry;
  private final transient ServerStats stats;
  private final transient CompiledEnvironments cache;

  /**
   * Serves the endpoints ({@link #PATHS}) in {@code context}: of a server of one {@code environment},
   * or of many (then {@code cache} is their compile cache and {@code environment} null).
   */
  static void addTo(ServletContextHandler context, ServerHttpHeaderValidator validator, BooleanSupplier ready,
      Environment environment, CompiledEnvironments cache, SessionRegistry registry, ServerStats stats) {
    for (String p : PATHS) {
      context.addServlet(new ServletHolder("operator" + p.replace('/', '-'),
          new OperatorEndpoints(validator, ready, environment, cache, registry, stats)), p);
    }
  }

  private OperatorEndpoints(ServerHttpHeaderValidator validator, BooleanSupplier ready, Environment environment,
      CompiledEnvironments cache, SessionRegistry registry, ServerStats stats) {
    this.validator = validator;
    this.ready = ready;
    this.environment = environment;
    this.registry = registry;
    this.stats = stats;
    this.cache = cache;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    try {
      validator.validate(SessionGate.headers(req));
    } catch (ServerTransportSecurityException e) {
      JsonReply.write(res, e.getStatusCode(), Map.of("error", e.getMessage()));
      return;
    }
    String path = req.getServletPath();
    switch (path) {
      case "/healthz":
        JsonReply.write(res, 200, Map.of("status", "up"));
        break;
      case "/readyz":
        boolean r = ready.getAsBoolean();
        JsonReply.write(res, r ? 200 : 503, Map.of("status", r ? "ready" : "not ready"));
        break;
      case "/environments":
        JsonReply.write(res, 200, Map.of("environments", environments()));
        break;
      default:
        JsonReply.write(res, 200, stats());
    }
  }

  private List<Map<String, Object>> environments() {
    Map<String, Integer> live = registry.sizesByEnvironment();
    List<Map<String, Object>> rows;
    if (cache != null) {
      rows = cache.listing();
    } else {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", environment.name());
      row.put("compiled", true);
      row.put("tools", environment.tools().size());
      rows = List.of(row);
    }
    for (Map<String, Object> row : rows) row.put("sessions", live.getOrDefault((String) row.get("name"), 0));
    return rows;
  }

  private Map<String, Object> stats() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Integer> live = registry.sizesByEnvironment();
    Map<String, Long> calls = stats.calls();
    Map<String, Long> errors = stats.errors();
    out.put("sessions", registry.size());
    out.put("sessionsByEnvironment", live);
    out.put("calls", calls.values().stream().mapToLong(Long::longValue).sum());
    out.put("errors", errors.values().stream().mapToLong(Long::longValue).sum());
    out.put("callsByEnvironment", calls);
    out.put("errorsByEnvironment", errors);
    if (cache != null) out.put("compileCache", cache.stats());
    return out;
  }
}
