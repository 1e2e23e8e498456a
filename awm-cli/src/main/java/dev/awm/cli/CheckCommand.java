package dev.awm.cli;

import dev.awm.mcp.McpToolSession;
import dev.awm.runtime.ToolDescriptor;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code awm env check}: connect to an MCP endpoint and list its tools. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check that an MCP server answers and list its tools.")
final class CheckCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "The MCP endpoint, e.g. http://127.0.0.1:8001/mcp.")
  URI url;

  @Option(names = "--timeout", defaultValue = "20", description = "Seconds to wait for answers (default ${DEFAULT-VALUE}).")
  long timeout;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<ToolDescriptor> tools;
    try (McpToolSession session = McpToolSession.connect(url, Duration.ofSeconds(timeout))) {
      tools = session.listTools();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no MCP server answers at " + url + ": " + e.getMessage(), e);
    }
    if (tools.isEmpty()) {
      out.println("FAIL " + url + ": the server has no tools");
      return 1;
    }
    out.println(url + ": " + tools.size() + " tools");
    for (ToolDescriptor t : tools) out.println("  " + t.name() + ": " + Text.abbreviate(t.description(), 100));
    return 0;
  }

}
