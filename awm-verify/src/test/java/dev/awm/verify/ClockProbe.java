package dev.awm.verify;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.StarterPack;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCall;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Plays every reference solution of the starter pack and of a library whose tools, defaults and
 * verifier all read "now", with gold replay, a fork and a run directory each, and prints the wall
 * clock's year and one digest of everything observed. Run under two faked wall clocks, the digests
 * must be equal ({@link DeterminismAcrossDaysTest}).
 */
public final class ClockProbe {
  static final String HEAD = "import java.util.*;\nimport dev.awm.runtime.api.*;\n";

  /** Loans due soon: renewing extends a loan from today; the verifier wants every loan due within 7 days renewed. */
  static EnvironmentDefinition library() {
    String tools = HEAD + "public class Library {\n  private final Db db;\n  public Library(Db db) { this.db = db; }\n"
        + "  public Object renew_due(Args args) {\n"
        + "    int n = db.update(\"UPDATE loans SET due = date('now', '+14 days'), renewed_at = CURRENT_TIMESTAMP WHERE due <= date('now', '+7 days')\");\n"
        + "    db.insert(\"INSERT INTO log (what) VALUES (?)\", \"renewed \" + n + \" on \" + db.today());\n"
        + "    return db.query(\"SELECT id, due, renewed_at FROM loans ORDER BY id\");\n  }\n}\n";
    String verifier = HEAD + "import dev.awm.verify.api.*;\npublic class DueRenewed {\n"
        + "  public Verdict verify(Db initial, Db current, String finalAnswer) {\n"
        + "    Long left = (Long) current.scalar(\"SELECT count(*) FROM loans WHERE due <= date('now', '+7 days')\");\n"
        + "    Long was = (Long) initial.scalar(\"SELECT count(*) FROM loans WHERE due <= ?\", initial.today().plusDays(7).toString());\n"
        + "    return was.longValue() > 0 && left.longValue() == 0 ? Verdict.complete(\"renewed \" + was) : Verdict.others(left + \" still due\");\n  }\n}\n";
    return EnvironmentDefinition.builder(new Scenario("Library", "loans").withSimulatedNow(LocalDateTime.of(2024, 3, 4, 10, 0)))
        .tasks(List.of("Renew every book due within the next 7 days."))
        .schema(new DatabaseSchema(List.of(
            new TableSchema("loans", "CREATE TABLE loans (id INTEGER PRIMARY KEY, due TEXT NOT NULL, renewed_at TEXT,"
                + " created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)", List.of()),
            new TableSchema("log", "CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT, at TEXT DEFAULT (datetime('now')))", List.of()))))
        .sampleData(new SampleData(List.of(new TableRows("loans", "", List.of("INSERT INTO loans (id, due) VALUES (1, '2024-03-06')",
            "INSERT INTO loans (id, due) VALUES (2, '2024-03-09')", "INSERT INTO loans (id, due) VALUES (3, '2024-04-20')")))))
        .spec(new ApiSpec(List.of(new ApiGroup("loans", List.of(new Endpoint("/renew", "POST", "Renew due loans", "", "renew_due",
            List.of(), Map.of(), null, List.of("loans"), Map.of()))))))
        .toolCode(ToolCode.java(tools))
        .verifiers(List.of(new VerifierCode(0, "renew", VerifierMode.CODE, "java", verifier)))
        .solutions(List.of(new ReferenceSolution(0, List.of(new ToolCall("renew_due", Map.of())), "")))
        .build();
  }

  /** Everything observed, in order, as text. */
  static String observe(Path runs) throws Exception {
    StringBuilder seen = new StringBuilder();
    List<EnvironmentDefinition> defs = new java.util.ArrayList<>(List.of(library()));
    for (String name : StarterPack.NAMES) defs.add(StarterPack.load(name));
    for (EnvironmentDefinition d : defs) {
      Environment env = Environment.of(d);
      TaskVerifiers verifiers = TaskVerifiers.compile(env);
      GoldReplay gold = GoldReplay.of(env);
      for (ReferenceSolution s : d.solutions()) {
        try (EnvironmentHandle h = env.newHandle()) {
          for (ToolCall c : s.calls()) {
            ToolResult r = h.callTool(c);
            seen.append(r.kind()).append(' ').append(r.content()).append('\n');
          }
          seen.append(verifiers.reward(h, s.taskIndex(), s.finalAnswer())).append('\n');
          seen.append(gold.reward(h, s.taskIndex()).status()).append('\n');
          try (EnvironmentHandle fork = h.fork()) {
            seen.append(DatabaseContent.of(fork.view())).append('\n');
          }
          Path dir = runs.resolve(d.name() + "-" + s.taskIndex());
          RunDirectory.write(dir, new RunDirectory.SavedRun(Map.of("scenario", d.scenario().name(), "task_id", s.taskIndex(),
              "final_answer", s.finalAnswer()), env.initialImage(), h.serialize()));
          seen.append(RunDirectory.verify(dir, verifiers)).append('\n');
          seen.append(Files.readString(dir.resolve(RunDirectory.RESULT))).append('\n');
        }
      }
      env.releaseSpares();
    }
    return seen.toString();
  }

  static String digest(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Prints {@code year <wall clock year>} and {@code digest <hex>}; the argument is a scratch directory for run directories. */
  public static void main(String[] args) throws Exception {
    System.out.println("year " + java.time.Year.now(java.time.ZoneOffset.UTC));
    System.out.println("digest " + digest(observe(Path.of(args[0]))));
  }
}
