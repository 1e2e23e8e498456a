package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer that is a JSON-RPC error without a request id:
 * {@code {"jsonrpc":"2.0","id":null,"error":{"code":..,"message":..}}}. Written by {@link SessionGate}
 * for its own answers and by {@link CleanErrorResponse} in place of the SDK's error bodies.
 */
record JsonRpcError(Object code, Object message) {
  /** JSON-RPC: the body is not JSON. */
  static final int PARSE_ERROR = -32700;
  /** JSON-RPC: the body is JSON but not a valid JSON-RPC message. */
  static final int INVALID_REQUEST = -32600;
  /** The implementation-defined server error this transport uses for HTTP-level refusals (404, 405, 406, 415...). */
  static final int TRANSPORT_ERROR = -32000;

  /** Answers {@code res} with {@code status} and a JSON-RPC error body. */
  static void reply(HttpServletResponse res, int status, int code, String message) throws IOException {
    res.setStatus(status);
    new JsonRpcError(code, message).writeTo(res);
  }

  /** The JSON-RPC error object. */
  Map<String, Object> body() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jsonrpc", "2.0");
    out.put("id", null);
    out.put("error", error);
    return out;
  }

  /** Writes {@link #body()} as the whole body of {@code res}, whose status is set already. */
  void writeTo(HttpServletResponse res) throws IOException {
    byte[] bytes = JsonValues.write(body()).getBytes(StandardCharsets.UTF_8);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.setContentLength(bytes.length);
    res.getOutputStream().write(bytes);
  }
}
