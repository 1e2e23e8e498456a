package dev.awm.bench;

import dev.awm.core.StarterPack;
import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.runtime.Environment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server side of {@link HttpLoadGenerator}'s MCP runs: serves a starter environment over MCP
 * Streamable HTTP in a process of its own, so that its processor time can be read apart from the
 * load generator's. Prints {@code listening URL pid PID} once ready; runs until killed.
 * With {@code --export-db FILE} it writes the environment's initial database to FILE instead (the
 * data the FastAPI baseline serves) and exits.
 *
 * <pre>java -cp benchmarks.jar dev.awm.bench.McpLoadServer [scenario] [port] [--export-db FILE]</pre>
 */
public final class McpLoadServer {
  private McpLoadServer() {}

  public static void main(String[] argv) throws Exception {
    String scenario = argv.length > 0 && !argv[0].startsWith("--") ? argv[0] : "e_commerce";
    Environment env = Environment.of(StarterPack.load(scenario));
    for (int i = 0; i + 1 < argv.length; i++) {
      if (argv[i].equals("--export-db")) {
        Files.write(Path.of(argv[i + 1]), env.initialImage());
        System.out.println("wrote the initial database of " + scenario + " to " + argv[i + 1]);
        return;
      }
    }
    int port = argv.length > 1 ? Integer.parseInt(argv[1]) : 0;
    McpEnvironmentServer server = McpEnvironmentServer.builder(env).port(port).maxSessions(4096).build().start();
    System.out.println("listening " + server.url() + " pid " + ProcessHandle.current().pid());
    System.out.flush();
    server.awaitClose();
  }
}
