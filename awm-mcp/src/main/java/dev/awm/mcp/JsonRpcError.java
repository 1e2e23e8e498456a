package dev.awm.mcp;

import dev.awm.core.JsonValues;
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
