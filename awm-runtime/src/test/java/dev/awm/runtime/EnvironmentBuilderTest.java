package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.api.ToolError;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentBuilderTest {
  private static final String JAVA_TOOLS = """
      import java.util.*;
      import dev.awm.runtime.api.*;
      public class NoteQueries {
        private final Db db;
        public NoteQueries(Db db) { this.db = db; }
        public Object list_notes(Args args) {
          return db.query("SELECT id, body FROM notes ORDER BY id");
        }
      }
      """;

  static EnvironmentBuilder notes() {
    return EnvironmentBuilder.create("Notes", "A shared note list")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL CHECK (length(body) > 0))",
            "CREATE INDEX idx_notes_body ON notes(body)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('eggs')", "INSERT INTO notes (body) VALUES ('bread')")
        .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", "string", true, "The text", "milk"),
            (db, args) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", args.getString("body"))))
        .tool(EnvironmentBuilder.tool("delete_note", "Delete a note").param("id", "integer", true, "The note"), (db, args) -> {
          if (db.update("DELETE FROM notes WHERE id = ?", args.getLong("id")) == 0) throw new ToolError("note " + args.getLong("id") + " not found");
          return Map.of("deleted", args.getLong("id"));
        })
        .tool(EnvironmentBuilder.tool("list_notes", "List the notes"))
        .javaTools(JAVA_TOOLS)
        .task("Add a note saying milk", null, List.of(new dev.awm.core.ToolCall("add_note", Map.of("body", "milk"))), "");
  }

  @Test
  void hostAndGeneratedToolsWorkSideBySide() {
    Environment env = notes().build();
    assertThat(env.tools()).extracting(ToolDescriptor::name).containsExactly("add_note", "delete_note", "list_notes");
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add_note", Map.of("body", "milk")).content()).isEqualTo("{\"id\":3}");
      assertThat(h.callTool("list_notes", Map.of()).content()).contains("\"milk\"");
      ToolResult missing = h.callTool("delete_note", Map.of("id", 42));
      assertThat(missing.kind()).isEqualTo(ToolResult.Kind.TOOL_ERROR);
      assertThat(missing.message()).isEqualTo("note 42 not found");
      ToolResult bad = h.callTool("add_note", Map.of("body", ""));
      assertThat(bad.kind()).isEqualTo(ToolResult.Kind.TOOL_FAILURE);
      assertThat(bad.message()).contains("CHECK constraint failed");
      assertThat(h.callTool("add_note", Map.of()).message()).contains("missing required argument 'body'");
      h.reset();
      assertThat(h.query("SELECT COUNT(*) AS n FROM notes").get(0)).containsEntry("n", 2L);
    }
  }

  @Test
  void theDefinitionWritesToAwmFilesAndGeneratedToolsRoundTrip(@TempDir Path dir) throws Exception {
    EnvironmentDefinition def = notes().definition();
    AwmDirectory.write(dir, List.of(def));
    EnvironmentDefinition again = AwmDirectory.load(dir).get(0);
    assertThat(again).isEqualTo(def);
    // host tools are code, not files: a definition read back needs them bound again
    assertThatThrownBy(() -> Environment.of(again)).hasMessageContaining("no method for operation(s) add_note, delete_note");
    Environment rebound = Environment.builder(again).hostTool("add_note", (db, a) -> "ok").hostTool("delete_note", (db, a) -> "ok").build();
    try (EnvironmentHandle h = rebound.newHandle()) {
      assertThat(h.callTool("list_notes", Map.of()).content()).contains("eggs", "bread");
    }
    assertThatThrownBy(() -> Environment.builder(again).hostTool("nope", (db, a) -> null).build())
        .hasMessageContaining("host tool 'nope' has no endpoint in the spec");
  }

  @Test
  void strictRowsAndHostOnlyEnvironments() {
    assertThatThrownBy(() -> EnvironmentBuilder.create("Broken", "").table("t", "CREATE TABLE t (id INTEGER PRIMARY KEY)")
        .rows("t", "INSERT INTO t (id, nope) VALUES (1, 2)").build()).hasMessageContaining("sample data statement failed");
    Environment hostOnly = EnvironmentBuilder.create("Echo", "echoes").table("t", "CREATE TABLE t (id INTEGER PRIMARY KEY)")
        .tool(EnvironmentBuilder.tool("echo", "Echo").param("text", "string", true, "what"), (db, a) -> Map.of("echo", a.getString("text")))
        .build();
    try (EnvironmentHandle h = hostOnly.newHandle()) {
      assertThat(h.callTool("echo", Map.of("text", "hi")).content()).isEqualTo("{\"echo\":\"hi\"}");
    }
  }
}
