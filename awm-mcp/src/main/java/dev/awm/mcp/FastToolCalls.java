package dev.awm.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/**
 * The transport's fast path: answers the requests an agent sends over and over, {@code tools/call}
 * and {@code tools/list} on a live session, itself, without the SDK's pipeline (its JSON-RPC
 * envelope read a second time and converted, a Reactor chain per request, and an event stream
 * written a character at a time), and writes the answer in one write with a
 * {@code Content-Length}. The answer is what the SDK path answers: the same JSON-RPC result (see
 * {@link EnvironmentTools#call} and {@link EnvironmentTools#toolsListJson()}), as one server-sent
 * event with an id of the session's numbering, kept for a client that resumes with
 * {@code Last-Event-ID} ({@link ResumableStreams#openResponseStream}), after a priming event for
 * clients of protocol 2025-11-25 and later, and the same calls counted and logged.
 *
 * <p>{@link FastToolHandler} answers most of these before the servlet layer; this filter answers
 * the ones it leaves (a chunked body, a path it does not read as the endpoint). It sits after {@link SessionGate} (the session is live, its activity noted, and in a server of
 * many the request was sent to its environment's endpoint) and reads the body
 * {@link StreamableHttpChecks} parsed. Everything else goes on to the SDK: other methods,
 * notifications and responses, a {@code tools/call} whose parameters cannot be read as a name and
 * an object of arguments (the SDK path answers those with its messages), a {@code tools/list}
 * with a cursor.
 */
final class FastToolCalls extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final transient SessionRegistry registry;
  private final transient ResumableStreams streams;

  FastToolCalls(SessionRegistry registry, ResumableStreams streams) {
    this.registry = registry;
    this.streams = streams;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    FastAnswers.Call call = "POST".equals(req.getMethod()) && req.getAttribute(StreamableHttpChecks.MESSAGE_ATTRIBUTE) instanceof JsonNode m
        ? FastAnswers.read(m) : null;
    SessionRegistry.Session session = call == null ? null : registry.session(req.getHeader(SessionGate.SESSION_HEADER));
    if (session == null || session.tools == null) {
      chain.doFilter(req, res);
      return;
    }
    byte[] body = FastAnswers.answer(session, call, streams, req.getHeader(StreamableHttpChecks.PROTOCOL_VERSION_HEADER));
    if (body == null) { // the session ended after the gate took it: the SDK answers, as without the fast path
      chain.doFilter(req, res);
      return;
    }
    res.setStatus(HttpServletResponse.SC_OK);
    res.setContentType(FastAnswers.CONTENT_TYPE);
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
