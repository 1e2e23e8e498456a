package dev.awm.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code awm} command: entry point of the runnable jar. */
@Command(name = "awm", mixinStandardHelpOptions = true, version = "awm-java 0.1.0-SNAPSHOT",
    description = "Synthesize, validate and run executable tool-use environments for agentic RL.",
    subcommands = {RunCommand.class, GenCommand.class, EnvCommand.class, AgentCommand.class, VerifyCommand.class, PortCommand.class,
        dev.awm.cli.report.ReportCommand.class})
public final class AwmCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and returns the exit code (0 only on success). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new AwmCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 2;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(out, err, args));
  }
}
