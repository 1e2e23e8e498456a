package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.mcp.McpEnvironmentServer;
import dev.awm.mcp.McpToolSession;
import dev.awm.runtime.Environment;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code awm env check_all}: start each environment's MCP server in turn and check it lists every tool. */
@Command(name = "check_all", aliases = "check-all", mixinStandardHelpOptions = true,
    description = "Start every environment's MCP server on a free port and check that it serves all its tools.")
final class CheckAllCommand implements Callable<Integer> {
  @Mixin
  DefinitionSource source = new DefinitionSource();

  @picocli.CommandLine.Option(names = {"--input", "--output"}, description = "The reference's environments file (gen_envs.jsonl; "
      + "the other gen_*.jsonl files beside it).")
  java.nio.file.Path envsFile;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int ok = 0;
    int all = 0;
    java.util.List<EnvironmentDefinition> defs = source.load(new FileOptions().in("--input", envsFile, dev.awm.core.AwmDirectory.ENVS), "--input " + envsFile);
    Progress progress = new Progress(defs.size());
    for (EnvironmentDefinition def : defs) {
      all++;
      try {
        Environment env = Environment.of(def);
        if (env.tools().isEmpty()) {
          out.println(Text.noTools(def) + "  " + progress.at(all));
          continue;
        }
        try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).port(0).build().start();
            McpToolSession session = McpToolSession.connect(server.url(), Duration.ofSeconds(20))) {
          int served = session.listTools().size();
          boolean good = served == env.tools().size();
          if (good) ok++;
          out.printf("%s %s: %d of %d tools served  %s%n", good ? "OK  " : "FAIL", def.name(), served, env.tools().size(), progress.at(all));
        } finally {
          env.releaseSpares(); // the session's connection, kept as a spare, is native memory
        }
      } catch (RuntimeException e) {
        out.printf("FAIL %s: %s  %s%n", def.name(), e.getMessage(), progress.at(all));
      }
    }
    out.printf("%d of %d environments OK%n", ok, all);
    return ok == all ? 0 : 1;
  }
}
