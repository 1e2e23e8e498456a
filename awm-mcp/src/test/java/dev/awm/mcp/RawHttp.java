package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A cheap MCP client for load tests: JSON-RPC over java.net.http, no SDK session machinery. */
final class RawHttp {
  static final String ACCEPT = "application/json, text/event-stream";
  static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
      + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final URI url;

  RawHttp(URI url) {
    this.url = url;
  }

  CompletableFuture<HttpResponse<String>> post(String sessionId, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", ACCEPT).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (sessionId != null) b.header("Mcp-Session-Id", sessionId);
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> delete(String sessionId) {
    return http.sendAsync(HttpRequest.newBuilder(url).header("Mcp-Session-Id", sessionId).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The body of a tools/call request. */
  static String toolCall(int id, String tool, Map<String, Object> args) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", args);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("jsonrpc", "2.0");
    m.put("id", id);
    m.put("method", "tools/call");
    m.put("params", params);
    return JsonValues.write(m);
  }

  /** The JSON-RPC message of a response, sent as JSON or as one server-sent event (after any priming event, whose data is empty). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> message(HttpResponse<String> r) {
    String body = r.body();
    if (body.startsWith("{")) return (Map<String, Object>) JsonValues.parse(body);
    for (String line : body.split("\n")) {
      if (line.startsWith("data:") && !line.substring(5).isBlank()) return (Map<String, Object>) JsonValues.parse(line.substring(5).trim());
    }
    throw new AssertionError("no JSON-RPC message in: " + body);
  }

  /** The text of a tools/call result. */
  @SuppressWarnings("unchecked")
  static String resultText(HttpResponse<String> r) {
    Map<String, Object> result = (Map<String, Object>) message(r).get("result");
    return (String) ((Map<String, Object>) ((java.util.List<Object>) result.get("content")).get(0)).get("text");
  }
}
