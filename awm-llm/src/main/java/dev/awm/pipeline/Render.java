package dev.awm.pipeline;

import dev.awm.core.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.JsonValues;
import dev.awm.core.TableSchema;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
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
    StringBuilder b = new StringBuilder();
    try (DatabaseView db = env.openInitialDatabase()) {
      for (TableSchema t : env.definition().schema().tables()) {
        List<Map<String, Object>> rows = db.query("SELECT * FROM \"" + t.name().replace("\"", "\"\"") + "\" LIMIT " + (MAX_ROWS_PER_TABLE + 1));
        b.append(t.name()).append(":\n");
        for (int i = 0; i < Math.min(rows.size(), MAX_ROWS_PER_TABLE); i++) b.append("  ").append(JsonValues.write(rows.get(i))).append('\n');
        if (rows.size() > MAX_ROWS_PER_TABLE) b.append("  ...\n");
      }
    }
    return b.toString().strip();
  }
}
