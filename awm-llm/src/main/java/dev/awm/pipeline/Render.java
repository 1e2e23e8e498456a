package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.TableSchema;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
import dev.awm.llm.internal.Prompts;
import dev.awm.runtime.ToolDescriptor;
import java.util.List;
import java.util.Map;

/** How the parts of a definition are shown to the model in prompts. */
final class Render {
  private static final int MAX_ROWS_PER_TABLE = 40;

  private Render() {}

  static String tasks(List<String> tasks) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < tasks.size(); i++) b.append(i + 1).append(". ").append(tasks.get(i)).append('\n');
    return b.toString().strip();
  }

  static String schema(EnvironmentDefinition d) {
    StringBuilder b = new StringBuilder();
    for (TableSchema t : d.schema().tables()) {
      b.append(t.ddl().strip()).append('\n');
      for (String i : t.indexes()) b.append(i.strip()).append('\n');
    }
    return b.toString().strip();
  }

  static String spec(EnvironmentDefinition d) {
    return JsonValues.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(AwmRows.specRow(d).get("api_spec"));
  }

  static String tools(List<ToolDescriptor> tools) {
    StringBuilder b = new StringBuilder();
    for (ToolDescriptor t : tools) {
      b.append("- ").append(t.name()).append(": ").append(t.description()).append("\n  input: ").append(t.inputSchemaJson()).append('\n');
    }
    return b.toString().strip();
  }

  /** The initial rows, table by table (at most a few dozen per table). */
  static String data(Environment env) {
    return data(env, Integer.MAX_VALUE);
  }

  /** The same, cut at about {@code maxChars} characters (whole rows; a line says how much was left out). */
  static String data(Environment env, int maxChars) {
    StringBuilder b = new StringBuilder();
    try (DatabaseView db = env.openInitialDatabase()) {
      for (TableSchema t : env.definition().schema().tables()) {
        List<Map<String, Object>> rows = rows(db, t.name(), MAX_ROWS_PER_TABLE + 1);
        b.append(t.name()).append(":\n");
        for (int i = 0; i < Math.min(rows.size(), MAX_ROWS_PER_TABLE); i++) {
          if (b.length() > maxChars) {
            b.append("  ... (the excerpt ends here)\n");
            return b.toString().strip();
          }
          b.append("  ").append(JsonValues.write(rows.get(i))).append('\n');
        }
        if (rows.size() > MAX_ROWS_PER_TABLE) b.append("  ...\n");
      }
    }
    return b.toString().strip();
  }

  /**
   * The initial rows a task is likely to touch, at most about {@code maxChars} characters: tables that
   * hold a text the task mentions (a name, a title) come first, with those rows first, then tables
   * the task names; within a table, at most {@value #MAX_ROWS_PER_TABLE} rows.
   */
  static String taskData(Environment env, String task, int maxChars) {
    String text = task.toLowerCase(java.util.Locale.ROOT);
    record Table(String name, List<Map<String, Object>> rows, int mentioned, boolean named) {}
    List<Table> tables = new java.util.ArrayList<>();
    try (DatabaseView db = env.openInitialDatabase()) {
      for (TableSchema t : env.definition().schema().tables()) {
        List<Map<String, Object>> all = rows(db, t.name(), 500);
        List<Map<String, Object>> hits = new java.util.ArrayList<>();
        List<Map<String, Object>> rest = new java.util.ArrayList<>();
        for (Map<String, Object> row : all) (mentions(text, row) ? hits : rest).add(row);
        String name = t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String singular = name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        hits.addAll(rest);
        tables.add(new Table(t.name(), hits, all.size() - rest.size(), text.contains(singular)));
      }
    }
    tables.sort(java.util.Comparator.comparingInt((Table t) -> -t.mentioned()).thenComparing(t -> !t.named()));
    StringBuilder b = new StringBuilder();
    List<String> left = new java.util.ArrayList<>();
    for (Table t : tables) {
      if ((t.mentioned() == 0 && !t.named()) || b.length() > maxChars) {
        left.add(t.name());
        continue;
      }
      b.append(t.name()).append(":\n");
      int shown = 0;
      for (Map<String, Object> row : t.rows()) {
        if (shown == MAX_ROWS_PER_TABLE || b.length() > maxChars) {
          b.append("  ... (").append(t.rows().size() - shown).append(" more rows)\n");
          break;
        }
        b.append("  ").append(JsonValues.write(row)).append('\n');
        shown++;
      }
    }
    if (!left.isEmpty()) b.append("(not shown: ").append(String.join(", ", left)).append("; query them in the verifier)\n");
    return b.toString().strip();
  }

  /** Whether a text value of {@code row} (at least 4 characters) occurs in the lower-cased task text. */
  private static boolean mentions(String text, Map<String, Object> row) {
    for (Object v : row.values()) {
      if (v instanceof String s && s.length() >= 4 && text.contains(s.toLowerCase(java.util.Locale.ROOT))) return true;
    }
    return false;
  }

  private static List<Map<String, Object>> rows(DatabaseView db, String table, int limit) {
    return db.query("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\" LIMIT " + limit);
  }

  /** The simulated now as prompts state it. */
  static String now(EnvironmentDefinition d) {
    return dev.awm.core.SimulatedTime.describe(d.simulatedNow());
  }

  /** The tool code contract: the tools' own rules, the database API and the Java dialect. */
  static String toolContract(EnvironmentDefinition d) {
    return Prompts.load("contract.md") + db(d) + Prompts.load("dialect.md");
  }

  /** The verifier contract of {@code mode}, alone: the verifier's own rules, the database API and the Java dialect. */
  static String verifierContract(EnvironmentDefinition d, dev.awm.core.VerifierMode mode) {
    return Prompts.load(mode == dev.awm.core.VerifierMode.CODE ? "verifier.code.md" : "verifier.sql.md") + db(d) + Prompts.load("dialect.md");
  }

  private static String db(EnvironmentDefinition d) {
    return Prompts.render("db.md", Map.of("now", now(d)));
  }
}
