package dev.awm.verify;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.RequestParam;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A note list with one tool (add_note), one row ('eggs'), and the verifiers a test gives it. */
final class NotesFixture {
  static final String TOOLS = """
      import java.util.*;
      import dev.awm.runtime.api.*;
      public class NoteTools {
        private final Db db;
        public NoteTools(Db db) { this.db = db; }
        public Object add_note(Args a) {
          return Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", a.getString("body")));
        }
      }
      """;

  private NotesFixture() {}

  /** A code-mode verifier whose {@code verify} method has {@code body}. */
  static String codeVerifier(String body) {
    return "import java.util.*;\nimport dev.awm.runtime.api.*;\nimport dev.awm.verify.api.*;\n"
        + "public class V {\n  public Verdict verify(Db initial, Db current, String finalAnswer) {\n" + body + "\n  }\n}\n";
  }

  /** The definition with one code-mode task per body in {@code verifierBodies}, named by {@code task(i)}. */
  static EnvironmentDefinition.Builder definition(String[] verifierBodies, java.util.function.IntFunction<String> task) {
    List<VerifierCode> vs = new ArrayList<>();
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < verifierBodies.length; i++) {
      tasks.add(task.apply(i));
      vs.add(new VerifierCode(i, tasks.get(i), VerifierMode.CODE, "java", codeVerifier(verifierBodies[i])));
    }
    Endpoint add = new Endpoint("/notes", "POST", "Add a note", "", "add_note", List.of(),
        Map.of("body", new RequestParam("string", "body", true, "text", "milk")), null, List.of("notes"), Map.of());
    return EnvironmentDefinition.builder(new Scenario("Notes", "a note list"))
        .tasks(tasks)
        .schema(new DatabaseSchema(List.of(new TableSchema("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", List.of()))))
        .sampleData(new SampleData(List.of(new TableRows("notes", "", List.of("INSERT INTO notes (body) VALUES ('eggs')")))))
        .spec(new ApiSpec(List.of(new ApiGroup("notes", List.of(add)))))
        .toolCode(ToolCode.java(TOOLS))
        .verifiers(vs);
  }
}
