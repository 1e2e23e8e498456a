package dev.awm.mcp;

import dev.awm.core.JsonValues;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rewrites the SDK transport's own error bodies. For a 4xx or 5xx it writes the whole
 * {@code McpError} exception as JSON, Java stack trace included; this wrapper keeps the status and
 * replaces the body with a plain JSON-RPC error object (code and message only). Other responses,
 * including the event streams, pass through untouched.
 */
final class CleanErrorResponse extends HttpServletResponseWrapper {
  private int status = SC_OK;
  private StringWriter buffer;
  private PrintWriter writer;

  CleanErrorResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public void setStatus(int sc) {
    status = sc;
    super.setStatus(sc);
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (status < 400) return super.getWriter();
    if (writer == null) {
      buffer = new StringWriter();
      writer = new PrintWriter(buffer);
    }
    return writer;
  }

  /** Writes the cleaned body of a buffered error; nothing to do otherwise. */
  void finish() throws IOException {
    if (buffer == null) return;
    writer.flush();
    byte[] body = JsonValues.write(clean(buffer.toString(), status)).getBytes(StandardCharsets.UTF_8);
    HttpServletResponse res = (HttpServletResponse) getResponse();
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }

  /** {@code {"jsonrpc":"2.0","id":null,"error":{"code":..,"message":..}}} from what the SDK wrote. */
  static Map<String, Object> clean(String written, int status) {
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
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jsonrpc", "2.0");
    out.put("id", null);
    out.put("error", error);
    return out;
  }
}
