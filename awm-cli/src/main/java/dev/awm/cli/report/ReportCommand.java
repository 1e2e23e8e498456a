package dev.awm.cli.report;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code awm report -i DIR -o report.html}: one self-contained HTML page over a directory of
 * environments (the output directory of {@code awm gen} or {@code awm run}, or the reference's
 * files). Per environment: its tables and rows, tools, tasks, each task's trust record (from the
 * last synthesis run's {@code gen_report.jsonl}) and a fresh replay of its reference solution,
 * which tools the reference solutions call, and every failure and dropped task with its reason;
 * over all of them, charts of the tools and tasks per environment and of the pass rate per stage.
 * The page fetches nothing when viewed and runs no script but its own.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML page over a directory of environments: tables, rows, tools, tasks, trust records, "
        + "replays, tool coverage, failures, and charts.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = {"--input-dir", "--input_dir", "-i"}, required = true,
      description = "Directory of gen_*.jsonl files (for example ~/.cache/awm/run/offline after awm run).")
  Path input;

  @Option(names = {"--output", "-o"}, defaultValue = "report.html", description = "The HTML file to write (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--no-replay", description = "Do not replay the reference solutions (faster; the page then has no replay column).")
  boolean noReplay;

  @Option(names = "--sample-rows", defaultValue = "5", description = "Rows of each table shown on the page (default: ${DEFAULT-VALUE}).")
  int sampleRows;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** For picocli. */
  public ReportCommand() {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Report report = new ReportReader(!noReplay, sampleRows, line -> {
      out.println("  " + line);
      out.flush();
    }).read(input);
    String html = HtmlReport.render(report);
    Path target = output.toAbsolutePath();
    if (target.getParent() != null) Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp"); // the umask's permissions, unlike a temp file's 0600
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    long failures = report.environments().stream().filter(Report.Env::troubled).count();
    out.printf("wrote %s (%,d bytes): %d environments, %d tools, %d tasks%s%s%n", target, html.getBytes(StandardCharsets.UTF_8).length,
        report.environments().size(), report.sum(e -> e.tools().size()), report.sum(e -> e.tasks().size()),
        report.trustRecords() ? ", " + report.sum(Report.Env::trusted) + " trusted" : "",
        failures == 0 ? "" : "; " + failures + " environment(s) with failures (listed on the page)");
    out.flush();
    return 0;
  }
}
