package dev.awm.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * Puts the node's id in front of every session id this server hands out ({@code NODE.UUID}), so
 * that an L7 proxy can send each session's requests to the node that holds it (nginx: a
 * {@code map} on the {@code Mcp-Session-Id} header). Inside the server the session id stays the
 * SDK's: the prefix is taken off requests and put on the {@code Mcp-Session-Id} response header.
 *
 * <p>A request whose session id names another node gets 404 with a JSON-RPC error (the session is
 * not here; the client starts a new one). A session id without a prefix is taken as it is (the
 * server's own in-process requests use those). The prefix is routing information, not a secret:
 * the UUID after it is.
 */
final class NodeSessionIds extends HttpFilter {
  private static final long serialVersionUID = 1L;
  /** What a node id may be: letters, digits, '-' and '_', 1 to 63 of them (a Kubernetes pod name without dots fits). */
  static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,63}");
  static final char SEPARATOR = '.';

  private final String prefix;

  NodeSessionIds(String nodeId) {
    this.prefix = check(nodeId) + SEPARATOR;
  }

  /** {@code nodeId} if it is a valid node id. */
  static String check(String nodeId) {
    if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("a node id is 1-63 letters, digits, '-' or '_' (it prefixes session ids); got '" + nodeId + "'");
    }
    return nodeId;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    String external = req.getHeader(SessionGate.SESSION_HEADER);
    HttpServletResponse out = new Prefixing(res);
    if (external == null || external.indexOf(SEPARATOR) < 0) {
      chain.doFilter(req, out);
      return;
    }
    if (!external.startsWith(prefix)) {
      JsonRpcError.reply(res, HttpServletResponse.SC_NOT_FOUND, JsonRpcError.TRANSPORT_ERROR, "no live MCP session with this id on node '"
          + prefix.substring(0, prefix.length() - 1) + "' (the id names node '" + StreamableHttpChecks.clip(external.substring(0, external.indexOf(SEPARATOR)))
          + "'); send initialize to start a new session");
      return;
    }
    chain.doFilter(new Unprefixed(req, external.substring(prefix.length())), out);
  }

  /** The request with the session id as the SDK knows it. */
  private static final class Unprefixed extends HttpServletRequestWrapper {
    private final String id;

    Unprefixed(HttpServletRequest req, String id) {
      super(req);
      this.id = id;
    }

    @Override
    public String getHeader(String name) {
      return SessionGate.SESSION_HEADER.equalsIgnoreCase(name) ? id : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return SessionGate.SESSION_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of(id)) : super.getHeaders(name);
    }
  }

  /** The response with the node's prefix on the session id it announces. */
  private final class Prefixing extends HttpServletResponseWrapper {
    Prefixing(HttpServletResponse res) {
      super(res);
    }

    @Override
    public void setHeader(String name, String value) {
      super.setHeader(name, outward(name, value));
    }

    @Override
    public void addHeader(String name, String value) {
      super.addHeader(name, outward(name, value));
    }

    private String outward(String name, String value) {
      return SessionGate.SESSION_HEADER.equalsIgnoreCase(name) && value != null && value.indexOf(SEPARATOR) < 0 ? prefix + value : value;
    }
  }
}
