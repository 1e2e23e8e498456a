package dev.awm.cli.report;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.Endpoint;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCall;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.SkippedStatement;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.verify.ReplayCheck;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskCheck;
import dev.awm.verify.TaskVerifiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a directory of environments into a {@link Report}: the AWM files ({@link AwmDirectory}),
 * the last synthesis run's {@code gen_report.jsonl} ({@link SynthesisLog}), each environment as
 * built (tables and their rows from its initial database), and, when asked, a fresh replay of every
 * task's reference solution and of the no-op episode ({@link ReplayCheck}).
 */
final class ReportReader {
  private static final int MAX_CELL = 120;

  private final boolean replay;
  private final int sampleRows;
  private final Consumer<String> progress;

  /**
   * @param replay whether to replay the reference solutions
   * @param sampleRows how many rows of each table to show
   * @param progress told a line per environment read
   */
  ReportReader(boolean replay, int sampleRows, Consumer<String> progress) {
    if (sampleRows < 0) throw new IllegalArgumentException("sample rows must be 0 or more, not " + sampleRows);
    this.replay = replay;
    this.sampleRows = sampleRows;
    this.progress = progress;
  }

  /**
   * The report over {@code dir}.
   *
   * @throws IOException if {@code dir} is not a directory or a file is unreadable or malformed
   */
  Report read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException("no such directory: " + dir);
    List<EnvironmentDefinition> defs = AwmDirectory.load(dir);
    if (defs.isEmpty()) throw new IOException("no environments in " + dir + " (no gen_*.jsonl files with rows)");
    SynthesisLog log = SynthesisLog.read(dir);
    List<Report.Env> envs = new ArrayList<>();
    for (EnvironmentDefinition def : defs) {
      Report.Env env = environment(def, log);
      envs.add(env);
      progress.accept(env.name() + ": " + env.tables().size() + " tables, " + env.tools().size() + " tools, " + env.tasks().size()
          + " tasks" + (env.failures().isEmpty() ? "" : ", " + env.failures().size() + " failure(s)"));
    }
    return new Report(dir.toString(), envs, StageRates.of(defs, envs, replay), log.givenUp(), replay, log.hasTrust());
  }

  private Report.Env environment(EnvironmentDefinition def, SynthesisLog log) {
    List<String> failures = new ArrayList<>();
    for (Report.Drop d : log.givenUp()) {
      if (d.scenario().equals(def.name())) failures.add("synthesis gave up at stage " + d.stage() + ": " + d.reason());
    }
    Environment env = null;
    try {
      env = Environment.of(def);
      if (env.tools().isEmpty()) failures.add("the environment has no tools (no endpoints in the spec)");
    } catch (EnvironmentBuildException e) {
      failures.add("does not build: " + e.getMessage());
    }
    try {
      List<Report.Table> tables = env == null ? unbuiltTables(def) : tables(env, failures);
      List<Report.Tool> tools = tools(def, env);
      Map<Integer, Replayed> replays = env != null && replay && !env.tools().isEmpty() ? replay(env) : Map.of();
      List<Report.Task> tasks = new ArrayList<>();
      for (int i = 0; i < def.tasks().size(); i++) {
        Replayed r = replays.get(i);
        String notRun = !replay ? null : r != null ? r.notRun() : env == null || env.tools().isEmpty() ? "the environment did not build" : null;
        tasks.add(new Report.Task(i, def.tasks().get(i), def.verifier(i).isPresent(), def.solution(i).map(ReportReader::toolNames).orElse(null),
            log.trust(def.name(), i), r == null ? null : r.replay(), notRun, log.drops(def.name(), i)));
      }
      return new Report.Env(def.name(), def.scenario().name(), def.scenario().description(), env != null && !env.tools().isEmpty(),
          tables, tools, tasks, failures);
    } finally {
      if (env != null) env.releaseSpares();
    }
  }

  private static List<String> toolNames(ReferenceSolution s) {
    return s.calls().stream().map(ToolCall::name).toList();
  }

  private List<Report.Table> tables(Environment env, List<String> failures) {
    for (SkippedStatement s : env.skippedStatements()) {
      failures.add("sample row skipped: " + abbreviate(s.error(), 200) + " (" + abbreviate(s.sql(), 200) + ")");
    }
    List<Report.Table> out = new ArrayList<>();
    try (DatabaseView db = env.openInitialDatabase()) {
      for (TableSchema t : env.definition().schema().tables()) {
        String q = "\"" + t.name().replace("\"", "\"\"") + "\"";
        try {
          long rows = ((Number) db.scalar("SELECT COUNT(*) FROM " + q)).longValue();
          List<String> columns = db.query("SELECT name FROM pragma_table_info(?)", t.name()).stream()
              .map(r -> String.valueOf(r.get("name"))).toList();
          List<List<String>> sample = new ArrayList<>();
          if (sampleRows > 0) {
            for (Map<String, Object> r : db.query("SELECT * FROM " + q + " LIMIT " + sampleRows)) {
              sample.add(columns.stream().map(c -> cell(r.get(c))).toList());
            }
          }
          out.add(new Report.Table(t.name(), rows, columns, sample));
        } catch (RuntimeException e) {
          failures.add("table " + t.name() + " cannot be read: " + e.getMessage());
          out.add(new Report.Table(t.name(), -1, List.of(), List.of()));
        }
      }
    }
    return out;
  }

  private static List<Report.Table> unbuiltTables(EnvironmentDefinition def) {
    return def.schema().tables().stream().map(t -> new Report.Table(t.name(), -1, List.of(), List.of())).toList();
  }

  private static List<Report.Tool> tools(EnvironmentDefinition def, Environment env) {
    List<Report.Tool> out = new ArrayList<>();
    if (env != null && !env.tools().isEmpty()) {
      for (ToolDescriptor t : env.tools()) out.add(new Report.Tool(t.name(), summary(def, t.name(), t.description()), usedBy(def, t.name())));
    } else {
      for (Endpoint e : def.spec().endpoints()) out.add(new Report.Tool(e.operationId(), e.summary(), usedBy(def, e.operationId())));
    }
    return out;
  }

  private static String summary(EnvironmentDefinition def, String tool, String description) {
    return def.spec().endpoint(tool).map(Endpoint::summary).filter(s -> !s.isBlank()).orElse(abbreviate(description, 160));
  }

  private static List<Integer> usedBy(EnvironmentDefinition def, String tool) {
    return def.solutions().stream().filter(s -> s.calls().stream().anyMatch(c -> c.name().equals(tool)))
        .map(ReferenceSolution::taskIndex).distinct().sorted().toList();
  }

  /** A task's replay, or why it was not replayed. */
  private record Replayed(Report.Replay replay, String notRun) {}

  private static Map<Integer, Replayed> replay(Environment env) {
    EnvironmentDefinition def = env.definition();
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    Map<Integer, Replayed> out = new java.util.HashMap<>();
    try (EnvironmentHandle handle = env.newHandle()) {
      for (int i = 0; i < def.tasks().size(); i++) {
        String problem = verifiers.problems().get(i);
        if (problem != null) {
          out.put(i, new Replayed(new Report.Replay(false, "", "", List.of("the verifier does not compile: " + problem)), null));
        } else if (def.verifier(i).isEmpty()) {
          out.put(i, new Replayed(null, "no verifier"));
        } else if (verifiers.mode(i).orElse(VerifierMode.CODE) == VerifierMode.SQL) {
          out.put(i, new Replayed(null, "a sql-mode verifier needs a judge"));
        } else {
          TaskCheck c = ReplayCheck.check(verifiers, handle, i, def.tasks().get(i), def.solution(i));
          out.put(i, new Replayed(new Report.Replay(c.passed(), label(c.reference()), label(c.noop()), c.problems()), null));
        }
      }
    }
    return out;
  }

  private static String label(RewardOutcome o) {
    return o == null ? "" : o.statusLabel();
  }

  private static String cell(Object v) {
    if (v == null) return "NULL";
    if (v instanceof byte[] b) return "<" + b.length + " bytes>";
    return abbreviate(String.valueOf(v), MAX_CELL);
  }

  static String abbreviate(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }
}
