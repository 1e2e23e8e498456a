package dev.awm.examples;

import dev.awm.core.ToolCall;
import dev.awm.runtime.ParamType;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.api.ToolError;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An environment built in code: a shared note list with two host-code tools (lambdas) and one task
 * with its verifier. Its test ({@code NotesEnvironmentTest}) gets handles from the JUnit extension.
 */
public final class NotesEnvironment implements Supplier<Environment> {
  static final String VERIFIER = """
      import dev.awm.runtime.api.*;
      import dev.awm.verify.api.*;
      public class MilkNoted {
        public Verdict verify(Db initial, Db current, String finalAnswer) {
          long before = ((Number) initial.scalar("SELECT COUNT(*) FROM notes WHERE body = 'milk'")).longValue();
          long after = ((Number) current.scalar("SELECT COUNT(*) FROM notes WHERE body = 'milk'")).longValue();
          return after > before ? Verdict.complete("milk noted") : Verdict.others("no milk note");
        }
      }
      """;

  @Override
  public Environment get() {
    return EnvironmentBuilder.create("Notes", "A shared note list for a household")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('eggs')", "INSERT INTO notes (body) VALUES ('bread')")
        .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", ParamType.STRING, true, "The text", "milk"),
            (db, args) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", args.getString("body"))))
        .tool(EnvironmentBuilder.tool("check_off", "Mark a note as done").param("id", ParamType.INTEGER, true, "The note", 1), (db, args) -> {
          long id = args.getLong("id");
          if (db.update("UPDATE notes SET done = 1 WHERE id = ?", id) == 0) throw new ToolError("note " + id + " not found");
          return db.queryOne("SELECT id, body, done FROM notes WHERE id = ?", id);
        })
        .task("Add a note saying milk", VERIFIER, List.of(new ToolCall("add_note", Map.of("body", "milk"))), "")
        .build();
  }
}
