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
 * client deletes it. In a server of many environments a session is reached only at its own
 * endpoint ({@code /mcp/NAME} of its environment): a request carrying its id anywhere else (another
 * environment's endpoint, an unknown one) gets 404 and leaves the session as it was, so a DELETE
 * sent to the wrong path does not end it. Its own answers are JSON-RPC error objects with a message that says what to
 * do, and so are the SDK's error answers once {@link CleanErrorResponse} has taken the stack trace
 * out of them.
 */
final class SessionGate extends HttpFilter {
  private static final long serialVersionUID = 1L;
  static final String SESSION_HEADER = "Mcp-Session-Id";

  private final transient SessionRegistry registry;
  private final transient ServerHttpHeaderValidator validator;
  private final boolean endpointPerEnvironment;

  /**
   * @param endpointPerEnvironment whether the server has an endpoint per environment ({@code /mcp/NAME}),
   *     so that a session's requests must name its environment
   */
  SessionGate(SessionRegistry registry, ServerHttpHeaderValidator validator, boolean endpointPerEnvironment) {
    this.registry = registry;
    this.validator = validator;
    this.endpointPerEnvironment = endpointPerEnvironment;
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
    if (endpointPerEnvironment && elsewhere(req, res, registry.session(id))) return;
    boolean activity = !"GET".equals(method);
    SessionRegistry.Session session = activity ? registry.take(id) : registry.enter(id, false);
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

  /**
   * Answers 404 and returns true when live session {@code session} (null: none) is not the
   * environment's whose endpoint {@code req} was sent to; the session is left as it was.
   */
  private static boolean elsewhere(HttpServletRequest req, HttpServletResponse res, SessionRegistry.Session session) throws IOException {
    if (session == null || FastAnswers.namesEnvironment(req.getPathInfo(), session)) return false;
    String own = req.getContextPath() + req.getServletPath() + "/" + session.environment.name();
    reply(res, HttpServletResponse.SC_NOT_FOUND, "no live MCP session with this id at this endpoint: the session was opened at "
        + own + ", and is used and deleted there only (this request left it as it was)");
    return true;
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
