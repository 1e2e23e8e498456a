package dev.awm.mcp;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP endpoint of a server of many environments: {@code /mcp/NAME} is environment NAME's
 * Streamable HTTP endpoint, a path every MCP client can be given. A request that may open a session
 * (a POST without a session id) compiles the environment on first use; other requests reach an
 * environment only while it is compiled (it is, while it has sessions). An unknown name gets 404
 * with a JSON-RPC error whose {@code data} names the environment and the listing's URL.
 */
final class EnvironmentRouter extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentRouter.class);
  /** The JSON-RPC error code of an unknown environment (server-defined range). */
  static final int UNKNOWN_ENVIRONMENT = -32004;

  private final transient CompiledEnvironments environments;
  private final String listingPath;

  EnvironmentRouter(CompiledEnvironments environments, String listingPath) {
    this.environments = environments;
    this.listingPath = listingPath;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
    String info = req.getPathInfo();
    String name = info == null ? "" : info.startsWith("/") ? info.substring(1) : info;
    CompiledEnvironments.Entry entry = name.isEmpty() || name.contains("/") ? null : environments.entry(name);
    if (entry == null) {
      unknown(req, res, name);
      return;
    }
    String session = req.getHeader(SessionGate.SESSION_HEADER);
    boolean opens = "POST".equals(req.getMethod()) && (session == null || session.isBlank());
    ServedEnvironment served;
    if (opens) {
      try {
        served = environments.acquire(entry);
      } catch (RuntimeException e) {
        LOG.warn("environment '{}' cannot be served: {}", entry.definition.name(), e.toString());
        JsonReply.write(res, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, JsonReply.rpcError(-32603,
            "environment '" + entry.definition.name() + "' cannot be served: " + e.getMessage(), null));
        return;
      }
    } else {
      served = environments.acquireCompiled(entry);
      if (served == null) {
        JsonReply.write(res, HttpServletResponse.SC_NOT_FOUND, JsonReply.rpcError(-32000, "environment '" + entry.definition.name()
            + "' has no live MCP session with this id (it was deleted, expired, or never existed); send initialize to start a new session", null));
        return;
      }
    }
    try {
      served.servlet.service(req, res);
    } finally {
      environments.release(entry);
    }
  }

  private void unknown(HttpServletRequest req, HttpServletResponse res, String name) throws IOException {
    String listing = JsonReply.urlOf(req, listingPath);
    if (name.length() > 200) name = name.substring(0, 200) + "...";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("environment", name);
    data.put("environments", listing);
    String message = name.isEmpty()
        ? "name the environment in the path, " + req.getContextPath() + req.getServletPath() + "/NAME; GET " + listing + " lists them"
        : "this server has no environment '" + name + "'; GET " + listing + " lists the environments it serves";
    JsonReply.write(res, HttpServletResponse.SC_NOT_FOUND, JsonReply.rpcError(UNKNOWN_ENVIRONMENT, message, data));
  }
}
