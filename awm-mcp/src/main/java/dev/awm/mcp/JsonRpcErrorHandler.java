package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as JSON-RPC errors: what the container answers by itself (a body past the
 * size limit with a Content-Length: 413; a path that is not the MCP endpoint: 404; a request it
 * cannot parse: 400) carries {@code {"jsonrpc":"2.0","id":null,"error":{...}}} like the
 * transport's own refusals, never an HTML page or a stack trace.
 */
final class JsonRpcErrorHandler extends ErrorHandler {
  private final String path;
  private final long maxRequestBytes;

  JsonRpcErrorHandler(String path, long maxRequestBytes) {
    this.path = path;
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
    String text = switch (code) {
      case HttpStatus.PAYLOAD_TOO_LARGE_413 -> StreamableHttpChecks.tooLargeMessage(maxRequestBytes);
      case HttpStatus.NOT_FOUND_404 -> "nothing here: the MCP endpoint is " + path;
      default -> message != null && !message.isBlank() ? message : "HTTP " + code + " " + HttpStatus.getMessage(code);
    };
    byte[] bytes = JsonValues.write(new JsonRpcError(JsonRpcError.TRANSPORT_ERROR, text).body()).getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
