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
        .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", ParamType.STRING, true, "The text", "milk"),
            (db, args) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", args.getString("body"))))
        .tool(EnvironmentBuilder.tool("delete_note", "Delete a note").param("id", ParamType.INTEGER, true, "The note"), (db, args) -> {
          if (db.update("DELETE FROM notes WHERE id = ?", args.getLong("id")) == 0) throw new ToolError("note " + args.getLong("id") + " not found");
          return Map.of("deleted", args.getLong("id"));
        })
        .tool(EnvironmentBuilder.tool("list_notes", "List the notes"))
        .javaTools(JAVA_TOOLS)
        .task("Add a note saying milk", List.of(new dev.awm.core.ToolCall("add_note", Map.of("body", "milk"))), "");
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
        .tool(EnvironmentBuilder.tool("echo", "Echo").param("text", ParamType.STRING, true, "what"), (db, a) -> Map.of("echo", a.getString("text")))
        .build();
    try (EnvironmentHandle h = hostOnly.newHandle()) {
      assertThat(h.callTool("echo", Map.of("text", "hi")).content()).isEqualTo("{\"echo\":\"hi\"}");
    }
  }

  private static final String VERIFIER_HEAD = "import dev.awm.runtime.api.*;\nimport dev.awm.verify.api.*;\n";

  @Test
  void parameterTypesAreTypesNotStrings() {
    assertThatThrownBy(() -> ParamType.of("strng")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown parameter type 'strng'; use one of string, integer, number, boolean, array, object");
    assertThat(ParamType.of(" Integer ")).isEqualTo(ParamType.INTEGER);
    assertThat(notes().definition().spec().endpoints().get(0).requestParams().get("body").type()).isEqualTo("string");
    assertThatThrownBy(() -> EnvironmentBuilder.tool("t", "").param("a", ParamType.STRING, true, "").param("a", ParamType.INTEGER, true, ""))
        .hasMessage("tool 't' already has a parameter 'a'");
  }

  @Test
  void aVerifierThatDoesNotCompileFailsTheBuildNotALaterReward() {
    EnvironmentBuilder broken = notes().task("Remove the eggs", VERIFIER_HEAD
        + "public class V { public Verdict verify(Db initial, Db current, String answer) { return Verdict.complete(; } }", null, null);
    assertThatThrownBy(broken::build).isInstanceOf(CodeCompileException.class).hasMessageContaining("verifier 1 does not compile: line 3");
    EnvironmentBuilder noEntry = notes().task("Remove the eggs", VERIFIER_HEAD + "public class V { }", null, null);
    assertThatThrownBy(noEntry::build).isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("verifier 1: no public class with a public no-argument constructor and 'public Verdict verify(");
    EnvironmentBuilder escapes = notes().task("Remove the eggs", VERIFIER_HEAD + "public class V { public Verdict verify(Db i, Db c, String a) "
        + "{ new java.io.File(\"/etc/passwd\").delete(); return Verdict.complete(); } }", null, null);
    assertThatThrownBy(escapes::build).as("the verifier sandbox's allowlist applies at build").isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("java.io.File");
    Environment fine = notes().task("Remove the eggs", VERIFIER_HEAD + "public class V { public Verdict verify(Db i, Db c, String a) "
        + "{ return Verdict.complete(); } }", null, null).build();
    assertThat(fine.definition().verifiers()).hasSize(1);
  }

  @Test
  void hostVerifiersBelongToTasksThatExist() {
    HostVerifier always = (initial, current, answer) -> dev.awm.verify.api.Verdict.complete();
    Environment env = notes().task("Remove the eggs", always, null, null).build();
    assertThat(env.hostVerifiers()).containsOnlyKeys(1);
    assertThat(env.definition().tasks()).hasSize(2);
    assertThat(env.definition().verifiers()).as("host verifiers are code, not files").isEmpty();
    assertThatThrownBy(() -> notes().environment().hostVerifier(5, always).build()).isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("host verifier for task 5, but the tasks are 0..0");
  }
}
