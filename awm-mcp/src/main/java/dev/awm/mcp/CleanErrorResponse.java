package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * Rewrites the SDK transport's own error bodies. For a 4xx or 5xx it writes the whole
 * {@code McpError} exception as JSON, Java stack trace included; this wrapper keeps the status and
 * replaces the body with a plain JSON-RPC error object (code and message only); an error it sends with
 * {@code sendError} gets one too. Other responses,
 * including the event streams, pass through untouched.
 */
final class CleanErrorResponse extends HttpServletResponseWrapper {
  private StringWriter buffer;
  private PrintWriter writer;

  CleanErrorResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (getStatus() < 400) return super.getWriter();
    if (writer == null) {
      buffer = new StringWriter();
      writer = new PrintWriter(buffer);
    }
    return writer;
  }

  /** An error the SDK sends without a body of its own (the container's page would be HTML): a JSON-RPC error instead. */
  @Override
  public void sendError(int status, String message) throws IOException {
    JsonRpcError.reply((HttpServletResponse) getResponse(), status, JsonRpcError.TRANSPORT_ERROR,
        message != null && !message.isBlank() ? message : "HTTP " + status);
  }

  @Override
  public void sendError(int status) throws IOException {
    sendError(status, null);
  }

  /** Writes the cleaned body of a buffered error; nothing to do otherwise. */
  void finish() throws IOException {
    if (buffer == null) return;
    writer.flush();
    clean(buffer.toString(), getStatus()).writeTo((HttpServletResponse) getResponse());
  }

  /** The code and message of what the SDK wrote, without the rest. */
  static JsonRpcError clean(String written, int status) {
    Object code = -32603;
    Object message = "HTTP " + status;
    try {
      Object parsed = JsonValues.parse(written);
      if (parsed instanceof Map) {
        Map<?, ?> m = (Map<?, ?>) parsed;
        Object rpc = m.get("jsonRpcError") instanceof Map ? m.get("jsonRpcError") : m.get("error");
        if (rpc instanceof Map) {
          Map<?, ?> e = (Map<?, ?>) rpc;
          if (e.get("code") instanceof Number) code = e.get("code");
          if (e.get("message") != null) message = e.get("message");
        } else if (m.get("message") != null) {
          message = m.get("message");
        }
      }
    } catch (RuntimeException e) {
      // not JSON: keep the generic message
    }
    return new JsonRpcError(code, message);
  }
}
