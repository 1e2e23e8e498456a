package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers of the routing and operator endpoints. */
final class JsonReply {
  private JsonReply() {}

  /** Writes {@code body} as JSON with {@code status}. */
  static void write(HttpServletResponse res, int status, Object body) throws IOException {
    byte[] bytes = JsonValues.write(body).getBytes(StandardCharsets.UTF_8);
    res.setStatus(status);
    res.setHeader("Cache-Control", "no-store");
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }

  /**
   * A JSON-RPC error without a request id, whose {@code data} carries {@code data}: the body of an
   * HTTP error an MCP client reads.
   */
  static Map<String, Object> rpcError(int code, String message, Map<String, Object> data) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    if (data != null) error.put("data", data);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jsonrpc", "2.0");
    out.put("id", null);
    out.put("error", error);
    return out;
  }

  /** The absolute URL of {@code path} on the server that received {@code req}. */
  static String urlOf(HttpServletRequest req, String path) {
    int port = req.getServerPort();
    String host = req.getServerName();
    if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
    return req.getScheme() + "://" + host + (port > 0 ? ":" + port : "") + path;
  }
}
