package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineOptions;
import dev.awm.pipeline.PipelineResult;
import dev.awm.pipeline.Port;
import dev.awm.pipeline.PortReport;
import dev.awm.pipeline.PortResult;
import dev.awm.pipeline.PortScript;
import dev.awm.pipeline.Stage;
import dev.awm.port.internal.PortFixtures;
import dev.awm.pipeline.PythonRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code awm port}: translates a directory in the reference's format (a downloaded
 * AgentWorldModel-1K) from Python to Java tool code and verifiers with the model, checked against
 * the Python originals running under uvicorn, and prints what the report says.
 */
@Command(name = "port", mixinStandardHelpOptions = true,
    description = "Port reference (AgentWorldModel-1K) environments from Python to Java, checked call by call against the originals.")
final class PortCommand implements Callable<Integer> {
  @Option(names = {"--input", "--input_dir", "--input-dir", "-i"}, description = "The reference directory (gen_envs.jsonl with Python tool code, ...).")
  Path input;

  @Option(names = {"--output", "--output_dir", "--output-dir", "-o"}, required = true, description = "Where the Java environments and port_report.jsonl go (resumed when run again).")
  Path output;

  @Option(names = "--python", description = "The Python interpreter with FastAPI, SQLAlchemy 2, Pydantic 2 and uvicorn (default: $AWM_PYTHON, else "
      + "~/.cache/awm/python-venv/bin/python as .ci/run creates it).")
  Path python;

  @Option(names = "--fixtures", description = "Port the three built-in fixture environments (written to <output>/reference): the offline demo.")
  boolean fixtures;

  @Option(names = "--solutions", description = "Then write reference solutions for the ported tasks with the pipeline's solution stage (cross-examined as awm env validate does).")
  boolean solutions;

  @Option(names = "--concurrency", defaultValue = "4", description = "Environments (and verifiers) worked on at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = {"--max-retries", "--max_retries"}, defaultValue = "4", description = "Retries per translation after the first answer (default ${DEFAULT-VALUE}).")
  int retries;

  @Mixin
  ModelChoice modelChoice = new ModelChoice();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> env = System.getenv();
    if (fixtures == (input != null)) throw new IllegalArgumentException("give either -i DIR (a reference directory) or --fixtures");
    Path in = fixtures ? PortFixtures.extract(output.resolve("reference")) : input;
    if (!Files.isDirectory(in)) throw new IllegalArgumentException("not a directory: " + in);
    Files.createDirectories(output);
    PythonRuntime.Lookup lookup = PythonRuntime.find(python, env);
    if (python != null && !lookup.found()) throw new IllegalArgumentException("--python " + python + ": " + lookup.why());
    if (lookup.found()) {
      out.println("differential check: the originals run under " + lookup.runtime().get().executable() + " (" + lookup.runtime().get().versions() + ")");
    } else {
      err.println("WARNING: THE DIFFERENTIAL CHECK IS SKIPPED: " + lookup.why());
      err.println("WARNING: the ports are only compiled and tried on the spec's examples; nothing is compared with the Python originals");
    }
    var model = modelChoice.chatModel(env, output, PortScript.model());
    out.println("model: " + (modelChoice.client == null ? "the scripted model (offline: it knows the Java ports of the fixtures only)"
        : "the live model " + modelChoice.client.config().model()));
    out.flush();
    PipelineOptions options = PipelineOptions.builder().model(model).outputDir(output).concurrency(concurrency).retries(retries)
        .listener(new ProgressPrinter(out)).build();
    try {
      PortResult r = Port.from(in).options(options).python(lookup).run();
      print(out, r);
      boolean ok = r.clean() && r.checked();
      if (solutions && !r.definitions().isEmpty()) {
        List<dev.awm.core.Scenario> scenarios = r.definitions().stream().map(EnvironmentDefinition::scenario).toList();
        PipelineResult p = Pipeline.scenarios(scenarios).options(options).stages(Stage.SOLUTIONS).run();
        out.println("reference solutions: " + p.definitions().stream().mapToInt(d -> d.solutions().size()).sum() + " tasks solved"
            + (p.gaveUp().isEmpty() ? "" : "; gave up: " + p.gaveUp()));
        ok &= p.gaveUp().isEmpty();
      }
      if (!r.checked()) err.println("WARNING: the differential check was skipped (" + r.pythonMissing() + ")");
      out.println(ok ? "== port done: everything matches its original" : "== port done with differences or failures (see above and "
          + output.resolve("port_report.jsonl") + ")");
      out.flush();
      return ok ? 0 : 1;
    } finally {
      modelChoice.close();
    }
  }

  static void print(PrintWriter out, PortResult r) {
    Map<String, List<PortReport>> byEnv = new TreeMap<>();
    for (PortReport x : r.reports()) byEnv.computeIfAbsent(x.scenario(), k -> new java.util.ArrayList<>()).add(x);
    byEnv.forEach((scenario, lines) -> {
      PortReport envLine = lines.stream().filter(x -> x.kind().equals("environment")).findFirst().orElse(null);
      out.printf("%s: %s%s%n", scenario, envLine == null ? "?" : envLine.status() + (envLine.attempts() > 0 ? " (" + envLine.attempts() + " answer(s))" : ""),
          envLine == null || envLine.reason().isEmpty() ? "" : ": " + envLine.reason());
      out.println("  tools: " + counts(lines, "tool") + "; verifiers: " + counts(lines, "verifier"));
      for (PortReport x : lines) {
        if (x.kind().equals("environment") || x.clean()) continue;
        out.printf("  %s %s %s%s%n", x.kind(), x.name(), x.status().toUpperCase(java.util.Locale.ROOT), x.reason().isEmpty() || x.status().equals("unchecked") ? "" : ": " + x.reason());
        for (String d : x.differences()) out.println("      " + Text.abbreviate(d, 300));
      }
    });
    out.println("model: " + r.summary().describe().replace("\n", "\n  "));
  }

  private static String counts(List<PortReport> lines, String kind) {
    Map<String, Integer> c = new TreeMap<>();
    for (PortReport x : lines) if (x.kind().equals(kind)) c.merge(x.status(), 1, Integer::sum);
    return c.isEmpty() ? "none" : c.toString().replace("{", "").replace("}", "");
  }
}
