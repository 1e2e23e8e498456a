package dev.awm.mcp;

import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * The servlet filter in front of the SDK's Streamable HTTP servlet: checks Origin and Host first,
 * answers a request for a session that is not live with 404 (so the client starts a new one),
 * refuses a new session with 503 when the bound is reached, notes each session's activity (its
 * POSTs and DELETEs, not the GET of its event stream), and closes a session's handle when its
 * client deletes it. Its own answers are JSON-RPC error objects with a message that says what to
 * do, and so are the SDK's error answers once {@link CleanErrorResponse} has taken the stack trace
 * out of them.
 */
final class SessionGate extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String SESSION_HEADER = "Mcp-Session-Id";

  private final transient SessionRegistry registry;
  private final transient ServerHttpHeaderValidator validator;

  SessionGate(SessionRegistry registry, ServerHttpHeaderValidator validator) {
    this.registry = registry;
    this.validator = validator;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    try {
      validator.validate(headers(req));
    } catch (ServerTransportSecurityException e) {
      reply(res, e.getStatusCode(), e.getMessage() + " (this server accepts requests from its allowed origins and hosts only)");
      return;
    }
    String id = req.getHeader(SESSION_HEADER);
    String method = req.getMethod();
    if (id == null || id.isBlank()) {
      if (!"POST".equals(method)) {
        pass(req, res, chain);
        return;
      }
      if (!registry.reserve()) {
        res.setHeader("Retry-After", "5");
        reply(res, HttpServletResponse.SC_SERVICE_UNAVAILABLE, registry.limitMessage());
        return;
      }
      try {
        pass(req, res, chain);
      } finally {
        registry.endReservation();
      }
      return;
    }
    boolean activity = !"GET".equals(method);
    SessionRegistry.Session session = registry.enter(id, activity);
    if (session == null) {
      if ("DELETE".equals(method) && registry.isExpiring(id)) {
        pass(req, res, chain); // the server deleting the transport's side of a session it expired
        return;
      }
      reply(res, HttpServletResponse.SC_NOT_FOUND, "no live MCP session with this id (it was deleted, expired after "
          + "its idle timeout, or never existed); send initialize to start a new session");
      return;
    }
    try {
      pass(req, res, chain);
    } finally {
      registry.exit(session, activity);
      if ("DELETE".equals(method)) registry.close(id, "deleted by its client");
    }
  }

  /** On to the SDK's servlet, with its error bodies cleaned. */
  private static void pass(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    CleanErrorResponse wrapped = new CleanErrorResponse(res);
    chain.doFilter(req, wrapped);
    wrapped.finish();
  }

  private static void reply(HttpServletResponse res, int status, String message) throws IOException {
    JsonRpcError.reply(res, status, JsonRpcError.TRANSPORT_ERROR, message);
  }

  static HeaderAccessor headers(HttpServletRequest req) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return Collections.list(req.getHeaders(name));
      }

      @Override
      public List<String> getHeaderNames() {
        return Collections.list(req.getHeaderNames());
      }
    };
  }
}
