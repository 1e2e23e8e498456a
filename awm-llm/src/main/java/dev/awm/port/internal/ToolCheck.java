package dev.awm.port.internal;

import dev.awm.core.Endpoint;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The differential check of ported tools: every call is made on both sides from the initial state,
 * the original's FastAPI app and the Java port, and must give the same answer and leave the same
 * database.
 *
 * <p>Answers match when both succeed with the same JSON ({@link JsonMatch}); or both fail, where an
 * original refusing with an {@code HTTPException} (a 4xx other than 422, with a text {@code detail})
 * needs the port to fail with that text as its message (a {@code ToolError}), while FastAPI's own 422
 * and a crash (5xx) of the original need only a failure. The databases after the call must hold the
 * same rows ({@link DatabaseDiff}).
 */
public final class ToolCheck {
  /** At most this many database differences are reported per call. */
  static final int MAX_DB_DIFFERENCES = 4;

  private ToolCheck() {}

  /**
   * One call compared.
   *
   * @param call the tool and its arguments
   * @param python the original's answer ({@code 200 {...}})
   * @param java the port's answer ({@code ok {...}} or {@code tool_error: ...})
   * @param differences what differs (empty: the call matches)
   */
  public record Comparison(ToolCall call, String python, String java, List<String> differences) {
    /** Whether the two sides agreed. */
    public boolean matches() {
      return differences.isEmpty();
    }

    /** The call and its first difference, for reports and the model's feedback. */
    public String describe() {
      return call.name() + " " + JsonValues.write(call.arguments()) + ": " + String.join("; ", differences);
    }
  }

  /**
   * The calls the check makes: each endpoint with its spec example arguments, then {@code probes}
   * (argument sets proposed to reach error paths) for tools the spec has.
   */
  public static List<ToolCall> calls(Environment env, List<ToolCall> probes) {
    List<ToolCall> out = new ArrayList<>();
    java.util.Set<String> tools = new java.util.HashSet<>();
    for (Endpoint e : env.definition().spec().endpoints()) {
      Map<String, Object> args = new LinkedHashMap<>();
      e.requestParams().forEach((name, p) -> {
        if (p.example() != null) args.put(name, p.example());
      });
      out.add(new ToolCall(e.operationId(), args));
      tools.add(e.operationId());
    }
    for (ToolCall p : probes) if (tools.contains(p.name()) && !out.contains(p)) out.add(p);
    return out;
  }

  /** Makes {@code call} on both sides, each from its initial state. */
  public static Comparison compare(ReferenceServer server, EnvironmentHandle handle, ToolCall call) {
    ReferenceServer.Response py;
    byte[] pyDb;
    server.lock().lock();
    try {
      server.reset();
      py = server.call(call.name(), call.arguments());
      pyDb = server.database();
    } finally {
      server.lock().unlock();
    }
    handle.reset();
    ToolResult j = handle.callTool(call.name(), call.arguments());
    byte[] javaDb = handle.serialize();
    List<String> differences = new ArrayList<>();
    String answer = answerDifference(py, j);
    if (answer != null) differences.add(answer);
    List<String> db = DatabaseDiff.compare(pyDb, javaDb, MAX_DB_DIFFERENCES);
    if (!db.isEmpty()) {
      String where = py.ok() || !j.isError() ? "" : " (the original wrote before it failed; a failed Java call never writes)";
      differences.add("the database after the call differs" + where + ": " + String.join("; ", db));
    }
    String javaText = j.isError() ? j.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + j.message() : "ok " + j.content();
    return new Comparison(call, py.status() + " " + py.body(), javaText, differences);
  }

  /** How the answers differ, or null when they match. */
  static String answerDifference(ReferenceServer.Response py, ToolResult j) {
    if (py.ok() && !j.isError()) {
      String d = JsonMatch.firstDifference(py.value(), j.contentValue());
      return d == null ? null : "the answer differs at " + d;
    }
    if (py.ok()) {
      return "the original answers " + py.status() + " " + JsonMatch.show(py.value()) + ", the port fails (" + j.kind().name().toLowerCase(java.util.Locale.ROOT)
          + ": " + j.message() + ")";
    }
    if (!j.isError()) {
      return "the original fails with " + py.status() + " " + JsonMatch.show(py.value()) + ", the port answers " + JsonMatch.show(j.contentValue());
    }
    String detail = py.detail();
    if (py.status() >= 400 && py.status() < 500 && py.status() != 422 && detail != null && !detail.strip().equals(String.valueOf(j.message()).strip())) {
      return "both fail, but the original's message (HTTP " + py.status() + ") is \"" + detail + "\" and the port's is \"" + j.message() + "\"";
    }
    return null;
  }
}
