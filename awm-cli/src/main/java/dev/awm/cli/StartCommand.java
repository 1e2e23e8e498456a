package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.mcp.McpStdioServer;
import dev.awm.mcp.EnvironmentCatalog;
import dev.awm.runtime.Environment;
import dev.awm.verify.RewardPolicy;
import java.net.URI;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code awm env start}: serve one environment over MCP (Streamable HTTP, or stdio), a handle per
 * session; without {@code --scenario}, every environment of the directory, each at
 * {@code /mcp/SCENARIO}, compiled on first use.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = {"Serve an environment over MCP at http://HOST:PORT/mcp (or on stdio); every session gets its own database.",
        "Without --scenario: every environment of the directory (or the starter pack), each at http://HOST:PORT/mcp/SCENARIO, "
            + "compiled on its first session; GET /environments lists them, /stats, /healthz and /readyz are for operators."})
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

  @Option(names = {"--db_path", "--db-path"}, description = "With --scenario: start every session from this SQLite database file "
      + "instead of the generated initial state (it is read once, never written: each session works on its own copy).")
  Path dbPath;

  @Option(names = {"--scenario", "-s"}, description = "The environment's scenario (default: serve them all, each at /mcp/SCENARIO).")
  String scenario;

  @Option(names = {"--max-compiled", "--max_compiled"}, defaultValue = "" + EnvironmentCatalog.DEFAULT_MAX_COMPILED,
      description = "Without --scenario: environments kept compiled at most, least recently used idle ones evicted (default ${DEFAULT-VALUE}).")
  int maxCompiled;

  @Option(names = {"--reward-map", "--reward_map"}, defaultValue = "default", description = "awm_reward's values: default (complete 1, else 0), "
      + "openenv (complete 1, incomplete 0.1, format error -1), or status=value,... (e.g. complete=1,incomplete=0.1,format_error=-1).")
  String rewardMap;

  @Option(names = {"--output_dir", "--output-dir", "--runs-dir"}, description = "Keep a run directory per session under DIR, as the "
      + "reference's server does: DIR/ENVIRONMENT/SESSION/ with initial.db, server.log (a line per tool call) and final.db (at the session's end).")
  Path runsDir;

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
    if (stdio && scenario == null) throw new IllegalArgumentException("--stdio serves one environment: give --scenario");
    RewardPolicy rewards = RewardPolicy.parse(rewardMap);
    List<String> scenarios = scenario == null ? List.of() : List.of(scenario);
    List<EnvironmentDefinition> defs = envsLoadPath != null && !java.nio.file.Files.isDirectory(envsLoadPath)
        && (java.nio.file.Files.exists(envsLoadPath) || envsLoadPath.toString().endsWith(".jsonl"))
        ? Definitions.load(new FileOptions().in("--envs_load_path", envsLoadPath, dev.awm.core.AwmDirectory.ENVS)
            .in("--db_schema_path", dbSchemaPath, dev.awm.core.AwmDirectory.DB).in("--sample_path", samplePath, dev.awm.core.AwmDirectory.SAMPLE),
            scenarios, "--envs_load_path " + envsLoadPath)
        : Definitions.load(input.dir != null ? input.dir : envsLoadPath, scenarios);
    PrintWriter out = spec.commandLine().getOut();
    String where = envsLoadPath != null ? "--envs_load_path " + envsLoadPath : Definitions.where(input.dir);
    if (scenario != null) Definitions.servable(defs.get(0), where);
    else {
      // a directory may hold scenarios whose generation stopped early: they are named, the rest served
      List<EnvironmentDefinition> served = new java.util.ArrayList<>();
      for (EnvironmentDefinition d : defs) {
        String why = Definitions.unservable(d, where);
        if (why == null) served.add(d);
        else out.println("not served: " + why);
      }
      defs = served;
      if (defs.isEmpty()) throw new IllegalArgumentException("no environment in " + where + " can be served");
    }
    if (scenario == null) {
      if (dbPath != null) throw new IllegalArgumentException("--db_path serves one environment: give --scenario too");
      EnvironmentCatalog catalog = EnvironmentCatalog.builder(defs).maxCompiled(maxCompiled).build();
      try (McpEnvironmentServer server = options(McpEnvironmentServer.builder(catalog)).rewardPolicy(rewards).build().start()) {
        URI listing = server.url().resolve("/environments");
        out.println("serving " + catalog.size() + " environments at " + server.url() + "/SCENARIO (compiled on first use, at most "
            + maxCompiled + " kept; list: " + listing + "); Ctrl-C to stop");
        serveUntilStopped(server, out);
      }
      return 0;
    }
    Environment env = dbPath == null ? Environment.of(defs.get(0)) : Environment.builder(defs.get(0)).initialDatabase(dbPath).build();
    if (stdio) {
      try (McpStdioServer server = McpStdioServer.builder(env).episodeControl(episodeControl).rewardPolicy(rewards).build()) {
        server.serve(System.in, System.out);
      }
      return 0;
    }
    // the environment's own verifiers
    try (McpEnvironmentServer server = options(McpEnvironmentServer.builder(env)).rewardPolicy(rewards).build().start()) {
      out.println("serving " + env.name() + " (" + env.tools().size() + " tools) at " + server.url()
          + (dbPath == null ? "" : ", every session starting from " + dbPath) + "; Ctrl-C to stop");
      serveUntilStopped(server, out);
    }
    return 0;
  }

  private McpEnvironmentServer.Builder options(McpEnvironmentServer.Builder b) {
    b.host(host).port(port).maxSessions(maxSessions).maxRequestBytes(maxRequestBytes)
        .idleTimeout(Duration.ofSeconds(idleSeconds)).episodeControl(episodeControl);
    if (runsDir != null) b.runDirectory(runsDir);
    return nodeId == null ? b : b.nodeId(nodeId);
  }

  /** Blocks until the server is closed (Ctrl-C) or this thread is interrupted. */
  private static void serveUntilStopped(McpEnvironmentServer server, PrintWriter out) {
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
    server.close();
    out.println("stopped");
  }
}
