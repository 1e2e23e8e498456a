package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.mcp.McpStdioServer;
import dev.awm.runtime.Environment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code awm env start}: serve one environment over MCP (Streamable HTTP, or stdio), a handle per session. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Serve an environment over MCP at http://HOST:PORT/mcp (or on stdio); every session gets its own database.")
final class StartCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  InputDir input = new InputDir();

  @Option(names = {"--envs_load_path", "--envs-load-path"}, description = "The reference's environments file (gen_envs.jsonl; "
      + "the other gen_*.jsonl files beside it), or a directory as --input-dir.")
  Path envsLoadPath;

  @Option(names = {"--db_schema_path", "--db-schema-path"}, description = "With a --envs_load_path file: the schema file (default: gen_db.jsonl beside it).")
  Path dbSchemaPath;

  @Option(names = {"--sample_path", "--sample-path"}, description = "With a --envs_load_path file: the sample data file (default: gen_sample.jsonl beside it).")
  Path samplePath;

  @Option(names = {"--db_path", "--db-path"}, description = "Start every session from this SQLite database file instead of "
      + "the generated initial state (it is read once, never written: each session works on its own copy).")
  Path dbPath;

  @Option(names = {"--scenario", "-s"}, required = true, description = "The environment's scenario.")
  String scenario;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}; anything else exposes it).")
  String host;

  @Option(names = "--port", defaultValue = "8001", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = {"--max-sessions", "--max_sessions"}, defaultValue = "1024", description = "Live sessions at most (default ${DEFAULT-VALUE}).")
  int maxSessions;

  @Option(names = {"--max-request-bytes", "--max_request_bytes"}, defaultValue = "2097152",
      description = "Largest HTTP request body accepted, in bytes (default ${DEFAULT-VALUE}; larger ones get 413).")
  long maxRequestBytes;

  @Option(names = {"--idle-timeout", "--idle_timeout"}, defaultValue = "600", description = "Seconds before an idle session is closed (default ${DEFAULT-VALUE}).")
  long idleSeconds;

  @Option(names = {"--episode-control", "--episode_control"}, description = "Also offer awm_reset and awm_reward (for trainers).")
  boolean episodeControl;

  @Option(names = {"--node-id", "--node_id"}, description = "This server's id behind a proxy that routes sessions by node: "
      + "session ids start with NODE. (letters, digits, '-', '_').")
  String nodeId;

  @Option(names = "--stdio", description = "Serve one session on standard input and output instead of HTTP.")
  boolean stdio;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (input.dir != null && envsLoadPath != null) throw new IllegalArgumentException("give --input-dir or --envs_load_path, not both");
    EnvironmentDefinition def = envsLoadPath != null && !java.nio.file.Files.isDirectory(envsLoadPath)
        && (java.nio.file.Files.exists(envsLoadPath) || envsLoadPath.toString().endsWith(".jsonl"))
        ? Definitions.load(new FileOptions().in("--envs_load_path", envsLoadPath, dev.awm.core.AwmDirectory.ENVS)
            .in("--db_schema_path", dbSchemaPath, dev.awm.core.AwmDirectory.DB).in("--sample_path", samplePath, dev.awm.core.AwmDirectory.SAMPLE),
            List.of(scenario), "--envs_load_path " + envsLoadPath).get(0)
        : Definitions.load(input.dir != null ? input.dir : envsLoadPath, List.of(scenario)).get(0);
    Environment env = dbPath == null ? Environment.of(def) : Environment.builder(def).initialDatabase(dbPath).build();
    if (stdio) {
      try (McpStdioServer server = McpStdioServer.builder(env).episodeControl(episodeControl).build()) {
        server.serve(System.in, System.out);
      }
      return 0;
    }
    PrintWriter out = spec.commandLine().getOut();
    McpEnvironmentServer.Builder b = McpEnvironmentServer.builder(env).host(host).port(port).maxSessions(maxSessions).maxRequestBytes(maxRequestBytes)
        .idleTimeout(Duration.ofSeconds(idleSeconds)).episodeControl(episodeControl); // the environment's own verifiers
    if (nodeId != null) b.nodeId(nodeId);
    try (McpEnvironmentServer server = b.build().start()) {
      out.println("serving " + env.name() + " (" + env.tools().size() + " tools) at " + server.url()
          + (dbPath == null ? "" : ", every session starting from " + dbPath) + "; Ctrl-C to stop");
      out.flush();
      Thread hook = new Thread(server::close, "awm-env-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        server.awaitClose();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // run from code (not Ctrl-C): stop serving and return
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it closes the server
        }
      }
    }
    out.println("stopped");
    return 0;
  }
}
