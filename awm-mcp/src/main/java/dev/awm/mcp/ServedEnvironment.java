package dev.awm.mcp;

import dev.awm.runtime.Environment;
import io.modelcontextprotocol.server.McpSyncServer;
import jakarta.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compiled environment of a server of many: the environment, and the MCP SDK server and
 * Streamable HTTP servlet that serve it at {@code /mcp/NAME}. Its tool list and schemas are built
 * once here and shared by all its sessions.
 */
final class ServedEnvironment {
  private static final Logger LOG = LoggerFactory.getLogger(ServedEnvironment.class);

  final Environment environment;
  final HttpServlet servlet;
  private final McpSyncServer server;

  ServedEnvironment(Environment environment, HttpServlet servlet, McpSyncServer server) {
    this.environment = environment;
    this.servlet = servlet;
    this.server = server;
  }

  /** Stops serving it (it has no live session) and frees its spare databases. */
  void close() {
    try {
      server.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the MCP server of '{}': {}", environment.name(), e.toString());
    }
    servlet.destroy();
    environment.releaseSpares();
  }
}
