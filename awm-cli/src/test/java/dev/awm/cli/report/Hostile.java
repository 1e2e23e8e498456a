package dev.awm.cli.report;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.AwmDirectory;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.RequestParam;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCall;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Environments whose every model-written value tries to inject markup or script into the report:
 * "Notes" builds (one tool, one table whose rows carry the payloads, two tasks: one solved and
 * trusted, one dropped with a hostile reason), "Broken" does not (its tool code does not compile);
 * and {@code gen_report.jsonl} lines for them, with a scenario given up that has no files at all.
 * The payloads set {@code data-pwned} on the body if they ever run.
 */
final class Hostile {
  static final String SCRIPT = "<script>document.body.setAttribute('data-pwned','yes')</script>";
  static final String IMG = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','yes')\">";
  static final String SVG = "</text></svg><svg onload=\"document.body.setAttribute('data-pwned','yes')\">";
  /** Every payload, as the page must show them: as text. */
  static final List<String> PAYLOADS = List.of(SCRIPT, IMG, SVG);

  private static final String TOOLS = """
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
  private static final String VERIFIER = """
      import java.util.*;
      import dev.awm.runtime.api.*;
      import dev.awm.verify.api.*;
      public class V {
        public Verdict verify(Db initial, Db current, String finalAnswer) {
          Number n = (Number) current.scalar("SELECT COUNT(*) FROM notes WHERE body = 'milk'");
          return n.longValue() > 0 ? Verdict.complete("a note says milk") : Verdict.others("no note says milk");
        }
      }
      """;

  private Hostile() {}

  static List<EnvironmentDefinition> definitions() {
    Endpoint add = new Endpoint("/notes", "POST", "Add a note " + IMG, "adds " + SCRIPT, "add_note", List.of(),
        Map.of("body", new RequestParam("string", "body", true, "text", "milk")), null, List.of("notes"), Map.of());
    String sql = (SCRIPT + IMG + SVG).replace("'", "''");
    EnvironmentDefinition notes = EnvironmentDefinition.builder(new Scenario("Notes " + SVG, "a note list " + SCRIPT))
        .tasks(List.of("Add a note saying milk " + IMG, "Delete every note " + SCRIPT))
        .schema(new DatabaseSchema(List.of(new TableSchema("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", List.of()))))
        .sampleData(new SampleData(List.of(new TableRows("notes", "", List.of("INSERT INTO notes (body) VALUES ('eggs')",
            "INSERT INTO notes (body) VALUES ('" + sql + "')", "INSERT INTO notes (body) VALUES ('bread'), ('tea')")))))
        .spec(new ApiSpec(List.of(new ApiGroup("notes", List.of(add)))))
        .toolCode(ToolCode.java(TOOLS))
        .verifiers(List.of(new VerifierCode(0, "Add a note saying milk", VerifierMode.CODE, "java", VERIFIER)))
        .solutions(List.of(new ReferenceSolution(0, List.of(new ToolCall("add_note", Map.of("body", "milk"))), "Added " + SCRIPT)))
        .build();
    EnvironmentDefinition broken = EnvironmentDefinition.builder(new Scenario("Broken " + SCRIPT, "does not compile " + IMG))
        .tasks(List.of("Anything " + SVG))
        .schema(new DatabaseSchema(List.of(new TableSchema("things", "CREATE TABLE things (id INTEGER PRIMARY KEY)", List.of()))))
        .sampleData(new SampleData(List.of(new TableRows("things", "", List.of("INSERT INTO things (id) VALUES (1)")))))
        .spec(new ApiSpec(List.of(new ApiGroup("things", List.of(new Endpoint("/things", "GET", "List things", "", "list_things",
            List.of(), Map.of(), null, List.of("things"), Map.of()))))))
        .toolCode(ToolCode.java("public class Things { " + SCRIPT + " }"))
        .build();
    return List.of(notes, broken);
  }

  /** The normalized names of {@link #definitions}. */
  static List<String> names() {
    return definitions().stream().map(EnvironmentDefinition::name).toList();
  }

  /** The {@code gen_report.jsonl} lines: Notes task 0 trusted, task 1 dropped, a scenario given up. */
  static List<String> reportLines() {
    String notes = definitions().get(0).name();
    String check = "{\"check\":\"%s\",\"subject\":%s,\"expected\":\"%s\",\"outcome\":\"%s\",\"passed\":true,\"details\":%s}";
    String checks = String.join(",",
        String.format(check, "reference", json("the reference solution"), "complete", "complete", json("a note says milk " + SCRIPT)),
        String.format(check, "no_op", json("no calls " + IMG), "not complete", "incomplete", json("no note says milk")),
        String.format(check, "alternative", json("alternative 1"), "complete", "complete", json("a note says milk")),
        String.format(check, "near_miss", json("near miss " + SVG), "not complete", "incomplete", json("no note says milk")));
    return List.of(
        "{\"scenario\":" + json(notes) + ",\"stage\":\"solution\",\"task_idx\":0,\"trust\":{\"trusted\":true,\"passed\":true,"
            + "\"complete\":true,\"missing\":[],\"checks\":[" + checks + "]},\"verifier_revisions\":0,\"kept\":true}",
        "{\"scenario\":" + json(notes) + ",\"stage\":\"verifier\",\"task_idx\":1,\"reason\":" + json("no verifier: " + SCRIPT + IMG) + "}",
        "{\"scenario\":" + json("Ghost " + IMG) + ",\"stage\":\"schema\",\"reason\":" + json("gave up: " + SVG) + "}");
  }

  /** Writes the hostile environments and report lines into {@code dir}, appending to any AWM files there. */
  static void appendTo(Path dir) throws IOException {
    Path own = Files.createTempDirectory("awm-hostile");
    try {
      AwmDirectory.write(own, definitions());
      try (var files = Files.list(own)) {
        for (Path f : files.toList()) {
          Files.write(dir.resolve(f.getFileName().toString()), Files.readAllLines(f, StandardCharsets.UTF_8), StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          Files.delete(f);
        }
      }
      Files.write(dir.resolve(SynthesisLog.FILE), reportLines(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      Files.deleteIfExists(own);
    }
  }

  private static String json(String s) {
    return dev.awm.core.internal.JsonValues.write(s);
  }
}
