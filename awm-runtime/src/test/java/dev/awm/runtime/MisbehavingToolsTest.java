package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tool code that misbehaves gets an error result; what it wrote first is rolled back. */
class MisbehavingToolsTest {
  private static final String[][] TOOLS = {
      {"npe", "db.update(\"INSERT INTO notes (body) VALUES ('x')\"); String s = null; return s.length();"},
      {"pragma", "db.update(\"INSERT INTO notes (body) VALUES ('x')\"); db.update(\"PRAGMA foreign_keys = ON\"); return null;"},
      {"commit", "db.update(\"INSERT INTO notes (body) VALUES ('x')\"); db.update(\"COMMIT\"); return null;"},
      {"attach", "db.update(\"ATTACH DATABASE '/tmp/x.db' AS x\"); return null;"},
      {"two_statements", "db.update(\"INSERT INTO notes (body) VALUES ('a'); DELETE FROM notes\"); return null;"},
      {"bad_sql", "db.update(\"INSERT INTO notes (body) VALUES ('x')\"); return db.query(\"SELECT nope FROM notes\");"},
      {"wrong_params", "return db.query(\"SELECT * FROM notes WHERE id = ?\");"},
      {"not_json", "db.update(\"INSERT INTO notes (body) VALUES ('x')\"); return new Object();"},
      {"ok_write", "return Long.valueOf(db.insert(\"INSERT INTO notes (body) VALUES ('fine')\"));"},
  };

  static Environment environment() {
    StringBuilder src = new StringBuilder("import java.util.*;\nimport dev.awm.runtime.api.*;\n"
        + "public class Misbehaving {\n  private final Db db;\n  public Misbehaving(Db db) { this.db = db; }\n");
    List<Endpoint> eps = new ArrayList<>();
    for (String[] t : TOOLS) {
      src.append("  public Object ").append(t[0]).append("(Args args) { ").append(t[1]).append(" }\n");
      eps.add(new Endpoint("/" + t[0], "POST", t[0], "", t[0], List.of(), Map.of(), null, List.of("notes"), Map.of()));
    }
    src.append("}\n");
    EnvironmentDefinition def = EnvironmentDefinition.builder(new Scenario("Misbehaving tools", "tools that fail"))
        .schema(new DatabaseSchema(List.of(new TableSchema("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", List.of()))))
        .sampleData(new SampleData(List.of(new TableRows("notes", "", List.of("INSERT INTO notes (body) VALUES ('first')")))))
        .spec(new ApiSpec(List.of(new ApiGroup("all", eps))))
        .toolCode(ToolCode.java(src.toString()))
        .build();
    return Environment.of(def);
  }

  private static final Environment ENV = environment();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "npe|tool 'npe' failed at line 6: NullPointerException",
      "pragma|PRAGMA statements are not allowed here",
      "commit|COMMIT statements are not allowed here",
      "attach|ATTACH statements are not allowed here",
      "two_statements|only one SQL statement per call is allowed",
      "bad_sql|no such column: nope",
      "wrong_params|statement has 1 parameter(s) but 0 value(s) were given",
      "not_json|its result cannot be written as JSON",
  })
  void misbehavingToolGetsAnErrorAndWritesNothing(String tool, String expected) {
    try (EnvironmentHandle h = ENV.newHandle()) {
      ToolResult r = h.callTool(tool, Map.of());
      assertThat(r.isError()).isTrue();
      assertThat(r.message()).contains(expected);
      assertThat(h.query("SELECT body FROM notes")).containsExactly(Map.of("body", "first"));
      assertThat(h.callTool("ok_write", Map.of()).content()).isEqualTo("2");
      assertThat(h.query("SELECT COUNT(*) AS n FROM notes")).containsExactly(Map.of("n", 2L));
    }
  }
}
