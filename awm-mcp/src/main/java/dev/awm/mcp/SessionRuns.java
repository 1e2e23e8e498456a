package dev.awm.mcp;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run directory per MCP session, as the reference's server keeps one:
 * {@code ROOT/ENVIRONMENT/SESSION/initial.db} when the session opens its database (its first tool
 * call), {@code server.log} with a line per tool call (time, tool, arguments, outcome), and
 * {@code final.db} when the session ends. Writing is best effort: a failure is logged and never
 * fails the call or the session. Thread-safe.
 */
final class SessionRuns {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRuns.class);
  private static final int MAX_LOGGED_CHARS = 2000;
  private final Path root;

  SessionRuns(Path root) {
    this.root = root;
  }

  /** The run directory of session {@code id} of {@code environment}. */
  Path dir(String environment, String id) {
    return root.resolve(environment).resolve(id.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** The session opened its database: writes its initial state. */
  void opened(String id, Environment environment) {
    try {
      Path d = dir(environment.name(), id);
      Files.createDirectories(d);
      Files.write(d.resolve("initial.db"), environment.initialImage());
      log(d, "session " + id + " of environment '" + environment.name() + "' opened its database");
    } catch (IOException | RuntimeException e) {
      LOG.warn("run directory of session {}: {}", id, e.toString());
    }
  }

  /** One tool call of session {@code id} and how it ended. */
  void called(String id, String environment, String tool, Map<String, Object> arguments, boolean error, String outcome) {
    Path d = dir(environment, id);
    if (!Files.isDirectory(d)) return; // the session has not opened its database (an unknown tool, a closed session)
    log(d, "call " + tool + " " + abbreviate(JsonValues.write(arguments == null ? Map.of() : arguments)) + " -> "
        + (error ? "error: " : "ok: ") + abbreviate(outcome));
  }

  /** The session ends: writes its final state (before its handle is closed). */
  void closing(String id, Environment environment, EnvironmentHandle handle, String why) {
    Path d = dir(environment.name(), id);
    if (!Files.isDirectory(d)) return;
    try {
      Files.write(d.resolve("final.db"), handle.serialize());
      log(d, "session closed (" + why + ")");
    } catch (IOException | RuntimeException e) {
      LOG.warn("final database of session {}: {}", id, e.toString());
    }
  }

  private static void log(Path d, String line) {
    try {
      Files.writeString(d.resolve("server.log"), Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("server.log in {}: {}", d, e.toString());
    }
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replace('\n', ' ');
    return one.length() <= MAX_LOGGED_CHARS ? one : one.substring(0, MAX_LOGGED_CHARS) + "...";
  }
}
