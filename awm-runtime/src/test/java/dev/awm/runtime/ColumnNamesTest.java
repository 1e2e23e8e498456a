package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cached statement's column names are reused from one call to the next (sqlite-jdbc would read them
 * again through JNI each time), and never once the schema may have changed: a renamed column, a
 * rename rolled back with its failed call, and a reset all give the names the schema has then.
 */
class ColumnNamesTest {
  private static final String TOOLS = "import java.util.*;\nimport dev.awm.runtime.api.*;\n"
      + "public class Notes {\n  private final Db db;\n  public Notes(Db db) { this.db = db; }\n"
      + "  public Object all(Args a) { return db.query(\"SELECT * FROM notes ORDER BY id\"); }\n"
      + "  public Object rename(Args a) { return db.update(\"ALTER TABLE notes RENAME COLUMN body TO text\"); }\n"
      + "  public Object renameAndFail(Args a) {\n"
      + "    db.update(\"ALTER TABLE notes RENAME COLUMN body TO words\");\n"
      + "    return db.query(\"SELECT * FROM notes WHERE no_such_column = 1\");\n  }\n"
      + "}\n";

  private static Environment notes() {
    return EnvironmentBuilder.create("Notes", "column names across schema changes")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('first')")
        .tool(EnvironmentBuilder.tool("all", ""))
        .tool(EnvironmentBuilder.tool("rename", ""))
        .tool(EnvironmentBuilder.tool("renameAndFail", ""))
        .javaTools(TOOLS)
        .environment().build();
  }

  @Test
  void namesAreReusedUntilTheSchemaMayChangeAndThenReadAsTheSchemaHasThem() {
    try (EnvironmentHandle h = notes().newHandle()) {
      assertThat(columns(h)).containsExactly("id", "body");
      assertThat(columns(h)).as("the second call, names reused").containsExactly("id", "body");
      assertThat(columns(h)).containsExactly("id", "body");

      ToolResult failed = h.callTool("renameAndFail", Map.of());
      assertThat(failed.kind()).isEqualTo(ToolResult.Kind.TOOL_FAILURE);
      assertThat(columns(h)).as("the failed call's rename was rolled back").containsExactly("id", "body");

      assertThat(h.callTool("rename", Map.of()).kind()).isEqualTo(ToolResult.Kind.OK);
      assertThat(columns(h)).as("after the rename").containsExactly("id", "text");
      assertThat(columns(h)).containsExactly("id", "text");

      h.reset();
      assertThat(columns(h)).as("after reset").containsExactly("id", "body");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> columns(EnvironmentHandle h) {
    ToolResult r = h.callTool("all", Map.of());
    assertThat(r.kind()).as(r.message()).isEqualTo(ToolResult.Kind.OK);
    List<Map<String, Object>> rows = (List<Map<String, Object>>) JsonValues.parse(r.content());
    assertThat(rows).hasSize(1);
    return List.copyOf(rows.get(0).keySet());
  }
}
