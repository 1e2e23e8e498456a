package dev.awm.core;

import dev.awm.core.internal.ScenarioNames;
import dev.awm.core.internal.Jsonl;
import dev.awm.core.internal.AwmRows;
import dev.awm.core.internal.JsonValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A directory of AWM files ({@code gen_scenario.jsonl}, {@code gen_tasks.jsonl}, {@code gen_db.jsonl},
 * {@code gen_sample.jsonl}, {@code gen_spec.jsonl}, {@code gen_envs.jsonl}, {@code gen_verifier.jsonl},
 * and this project's {@code gen_solutions.jsonl} and {@code gen_challenges.jsonl}), joined into
 * {@link EnvironmentDefinition}s by normalized scenario name. Any file may be missing; the parts it
 * would give are then empty. Files are appended to as work finishes: when a verifier or solution file
 * holds two rows for the same task, the later one (a revision) wins. The reference keeps sql-mode
 * verifiers in {@code gen_verifier.jsonl} and code-mode ones in {@code gen_verifier.pure_code.jsonl};
 * both are read, and for a task in both the code-mode one is the task's verifier (it needs no
 * judge). Every row read is kept as the definition's source row, and {@link #write} starts from it,
 * so fields this project does not model survive a round trip, and so does the other mode's row.
 */
public final class AwmDirectory {
  /** The file of scenarios: one row per scenario with its name and description. */
  public static final String SCENARIOS = "gen_scenario.jsonl";
  /** The file of user tasks: one row per scenario with its list of task texts. */
  public static final String TASKS = "gen_tasks.jsonl";
  /** The file of database schemas: one row per scenario with its tables' DDL and indexes. */
  public static final String DB = "gen_db.jsonl";
  /** The file of sample data: one row per scenario with the insert statements of its initial rows. */
  public static final String SAMPLE = "gen_sample.jsonl";
  /** The file of API specs: one row per scenario with its endpoint groups. */
  public static final String SPEC = "gen_spec.jsonl";
  /** The file of tool code: one row per scenario with the source of its tools. */
  public static final String ENVS = "gen_envs.jsonl";
  /** The file of verifiers: one row per verified task (the reference keeps its sql-mode ones here). */
  public static final String VERIFIERS = "gen_verifier.jsonl";
  /** The reference's file of code-mode verifiers (written by its {@code gen verifier --mode code}). */
  public static final String VERIFIERS_CODE = "gen_verifier.pure_code.jsonl";
  /** This project's file of reference solutions: one row per solved task. */
  public static final String SOLUTIONS = "gen_solutions.jsonl";
  /** This project's file of challenges that cross-examine verifiers: one row per episode. */
  public static final String CHALLENGES = "gen_challenges.jsonl";

  private AwmDirectory() {}

  /**
   * Loads every definition in {@code dir}, in the order their scenarios first appear (scenario
   * file first, then the task file, and so on).
   *
   * @param dir the directory holding the AWM files; files that are absent contribute nothing
   * @return one definition per scenario found in any of the files
   * @throws IOException if {@code dir} is not a directory or a file is unreadable or malformed
   *     (the message names the file and line)
   */
  public static List<EnvironmentDefinition> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException("not a directory: " + dir);
    return load(file -> {
      Path p = dir.resolve(file);
      return Files.exists(p) ? Jsonl.read(p) : List.of();
    }, dir.toString());
  }

  /** Where the files come from: the rows of a file by name, or an empty list when it is absent. */
  public interface Source {
    /**
     * Reads one AWM file.
     *
     * @param file the file's name, one of this class's constants (for example {@link #SCENARIOS})
     * @return the file's rows in order, or an empty list when there is no such file
     * @throws IOException if the file exists but cannot be read or parsed
     */
    List<JsonNode> rows(String file) throws IOException;
  }

  /**
   * Loads every definition from {@code source}, as {@link #load(Path)} does from a directory.
   *
   * @param source gives the rows of each AWM file by name
   * @param where names the source (a directory, a classpath location) in error messages
   * @return one definition per scenario found in any of the files, in order of first appearance
   * @throws IOException if the source cannot be read, or a row is malformed (the message names
   *     {@code where}, the file and the line)
   */
  public static List<EnvironmentDefinition> load(Source source, String where) throws IOException {
    Map<String, EnvironmentDefinition.Builder> defs = new LinkedHashMap<>();
    Map<String, List<VerifierCode>> verifiers = new LinkedHashMap<>();
    Map<String, List<ReferenceSolution>> solutions = new LinkedHashMap<>();
    Map<String, List<Challenge>> challenges = new LinkedHashMap<>();

    each(source, where, SCENARIOS, defs, (key, b, row) -> b.scenario(AwmRows.scenario(row)));
    each(source, where, TASKS, defs, (key, b, row) -> b.tasks(AwmRows.tasks(row)).sourceRow(TASKS, plain(row)));
    each(source, where, DB, defs, (key, b, row) -> b.schema(AwmRows.schema(row)).sourceRow(DB, plain(row)));
    each(source, where, SAMPLE, defs, (key, b, row) -> b.sampleData(AwmRows.sampleData(row)).sourceRow(SAMPLE, plain(row)));
    each(source, where, SPEC, defs, (key, b, row) -> b.spec(AwmRows.spec(row)).sourceRow(SPEC, plain(row)));
    each(source, where, ENVS, defs, (key, b, row) -> b.toolCode(AwmRows.toolCode(row)).sourceRow(ENVS, plain(row)));
    for (String file : List.of(VERIFIERS, VERIFIERS_CODE)) {
      each(source, where, file, defs, (key, b, row) -> {
        VerifierCode v = AwmRows.verifier(row);
        verifiers.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        b.sourceRow(EnvironmentDefinition.taskRowKey(file, v.taskIndex()), plain(row));
      });
    }
    each(source, where, SOLUTIONS, defs, (key, b, row) -> solutions.computeIfAbsent(key, k -> new ArrayList<>()).add(AwmRows.solution(row)));
    each(source, where, CHALLENGES, defs, (key, b, row) -> challenges.computeIfAbsent(key, k -> new ArrayList<>()).add(AwmRows.challenge(row)));

    List<EnvironmentDefinition> out = new ArrayList<>();
    for (Map.Entry<String, EnvironmentDefinition.Builder> e : defs.entrySet()) {
      out.add(e.getValue().verifiers(lastByTask(verifiers.get(e.getKey()), VerifierCode::taskIndex))
          .solutions(lastByTask(solutions.get(e.getKey()), ReferenceSolution::taskIndex))
          .challenges(byTask(challenges.get(e.getKey()), Challenge::taskIndex)).build());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(JsonNode row) {
    return (Map<String, Object>) JsonValues.fromNode(row);
  }

  /** {@code items} (null: none) sorted by task index; the sort is stable. */
  private static <T> List<T> byTask(List<T> items, java.util.function.ToIntFunction<T> taskIndex) {
    List<T> sorted = items == null ? new ArrayList<>() : new ArrayList<>(items);
    sorted.sort(java.util.Comparator.comparingInt(taskIndex));
    return sorted;
  }

  /** The last of {@code items} (null: none) for each task, by task index. */
  private static <T> List<T> lastByTask(List<T> items, java.util.function.ToIntFunction<T> taskIndex) {
    Map<Integer, T> last = new java.util.TreeMap<>();
    if (items != null) for (T t : items) last.put(taskIndex.applyAsInt(t), t);
    return new ArrayList<>(last.values());
  }

  /**
   * Writes {@code definitions} to {@code dir} in the AWM formats, replacing the files there. Parts
   * that are empty for every definition (for example no tool code yet) are not written.
   *
   * @param dir the directory to write to; it is created if absent
   * @param definitions the definitions to write, one row each per file, in iteration order
   * @throws IOException if the directory or a file cannot be written
   */
  public static void write(Path dir, Collection<EnvironmentDefinition> definitions) throws IOException {
    Files.createDirectories(dir);
    writeRows(dir, SCENARIOS, definitions, d -> List.of(AwmRows.scenarioRow(d.scenario())));
    writeRows(dir, TASKS, definitions, d -> d.tasks().isEmpty() ? List.of() : List.of(AwmRows.tasksRow(d)));
    writeRows(dir, DB, definitions, d -> d.schema().tables().isEmpty() ? List.of() : List.of(AwmRows.dbRow(d)));
    writeRows(dir, SAMPLE, definitions, d -> d.sampleData().tables().isEmpty() ? List.of() : List.of(AwmRows.sampleRow(d)));
    writeRows(dir, SPEC, definitions, d -> d.spec().groups().isEmpty() ? List.of() : List.of(AwmRows.specRow(d)));
    writeRows(dir, ENVS, definitions, d -> d.toolCode() == null ? List.of() : List.of(AwmRows.envRow(d)));
    writeRows(dir, VERIFIERS, definitions, d -> verifierRows(d, VERIFIERS));
    writeRows(dir, VERIFIERS_CODE, definitions, d -> verifierRows(d, VERIFIERS_CODE));
    writeRows(dir, SOLUTIONS, definitions, d -> d.solutions().stream().map(s -> AwmRows.solutionRow(d, s)).toList());
    writeRows(dir, CHALLENGES, definitions, d -> d.challenges().stream().map(c -> AwmRows.challengeRow(d, c)).toList());
  }

  /**
   * The rows of {@code file} for {@code d}: its verifiers that belong there (code-mode ones read from
   * the code-mode file go back to it, all others to gen_verifier.jsonl), and the rows read from
   * {@code file} for tasks whose verifier is in the other file, unchanged.
   */
  private static List<ObjectNode> verifierRows(EnvironmentDefinition d, String file) {
    List<ObjectNode> out = new ArrayList<>();
    java.util.Set<Integer> written = new java.util.HashSet<>();
    for (VerifierCode v : d.verifiers()) {
      if (fileOf(d, v).equals(file)) {
        out.add(AwmRows.verifierRow(d, v, file));
        written.add(v.taskIndex());
      }
    }
    String prefix = file + "#";
    d.sourceRows().forEach((key, row) -> {
      if (key.startsWith(prefix) && !written.contains(Integer.parseInt(key.substring(prefix.length())))) {
        out.add((ObjectNode) JsonValues.toNode(row));
      }
    });
    return out;
  }

  private static String fileOf(EnvironmentDefinition d, VerifierCode v) {
    boolean readAsCode = d.sourceRows().containsKey(EnvironmentDefinition.taskRowKey(VERIFIERS_CODE, v.taskIndex()));
    return readAsCode && v.mode() == VerifierMode.CODE ? VERIFIERS_CODE : VERIFIERS;
  }

  private static void writeRows(Path dir, String file, Collection<EnvironmentDefinition> defs,
      Function<EnvironmentDefinition, List<ObjectNode>> rows) throws IOException {
    List<ObjectNode> all = new ArrayList<>();
    for (EnvironmentDefinition d : defs) all.addAll(rows.apply(d));
    if (!all.isEmpty()) Jsonl.write(dir.resolve(file), all);
  }

  private interface RowConsumer {
    void accept(String key, EnvironmentDefinition.Builder b, JsonNode row);
  }

  private static void each(Source source, String where, String file, Map<String, EnvironmentDefinition.Builder> defs,
      RowConsumer c) throws IOException {
    int line = 0;
    for (JsonNode row : source.rows(file)) {
      line++;
      try {
        String raw = AwmRows.scenarioOf(row);
        String key = ScenarioNames.normalize(raw);
        EnvironmentDefinition.Builder b = defs.computeIfAbsent(key, k -> EnvironmentDefinition.builder(new Scenario(raw, "")));
        c.accept(key, b, row);
      } catch (RuntimeException e) {
        throw new IOException(where + "/" + file + ": row " + line + ": " + e.getMessage(), e);
      }
    }
  }
}
