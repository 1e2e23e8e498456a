package dev.awm.cli.report;

import dev.awm.core.internal.Jsonl;
import dev.awm.core.internal.ScenarioNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the last synthesis run wrote to {@code gen_report.jsonl}: a trust record per cross-examined
 * task (with the verifier's revisions and whether the task was kept), the tasks it dropped and the
 * scenarios it gave up, each with the stage and the reason. Empty when the file is absent (a
 * directory in the reference's shape has none).
 */
final class SynthesisLog {
  static final String FILE = "gen_report.jsonl";

  private final Map<String, Report.Trust> trust = new LinkedHashMap<>();
  private final List<Report.Drop> drops = new ArrayList<>();

  private SynthesisLog() {}

  /**
   * Reads {@code dir}'s {@value #FILE}.
   *
   * @throws IOException if it is unreadable or a line is not JSON (the message names the file and line)
   */
  static SynthesisLog read(Path dir) throws IOException {
    SynthesisLog log = new SynthesisLog();
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) return log;
    int line = 0;
    for (JsonNode row : Jsonl.read(file)) {
      line++;
      String scenario = ScenarioNames.normalize(row.path("scenario").asString(""));
      if (scenario.isEmpty()) throw new IOException(file + " line " + line + ": no \"scenario\"");
      Integer task = row.path("task_idx").isIntegralNumber() ? row.path("task_idx").asInt() : null;
      String stage = row.path("stage").asString("");
      if (row.has("trust")) {
        if (task == null) throw new IOException(file + " line " + line + ": a trust record without \"task_idx\"");
        log.trust.put(key(scenario, task), trust(row));
      } else {
        log.drops.add(new Report.Drop(scenario, stage, task, row.path("reason").asString("")));
      }
    }
    return log;
  }

  /** Whether there is any trust record. */
  boolean hasTrust() {
    return !trust.isEmpty();
  }

  /** The trust record of task {@code task} of {@code scenario} (normalized), or null. */
  Report.Trust trust(String scenario, int task) {
    return trust.get(key(scenario, task));
  }

  /** Why task {@code task} of {@code scenario} was dropped, if it was. */
  List<Report.Drop> drops(String scenario, int task) {
    return drops.stream().filter(d -> d.scenario().equals(scenario) && d.task() != null && d.task() == task).toList();
  }

  /** The scenarios given up, with the stage and the reason. */
  List<Report.Drop> givenUp() {
    return drops.stream().filter(d -> d.task() == null).toList();
  }

  private static String key(String scenario, int task) {
    return scenario + "#" + task;
  }

  private static Report.Trust trust(JsonNode row) {
    JsonNode t = row.path("trust");
    List<String> missing = new ArrayList<>();
    t.path("missing").forEach(m -> missing.add(m.asString("")));
    List<Report.Check> checks = new ArrayList<>();
    for (JsonNode c : t.path("checks")) {
      checks.add(new Report.Check(c.path("check").asString(""), c.path("subject").asString(""), c.path("expected").asString(""),
          c.path("outcome").asString(""), c.path("passed").asBoolean(false), c.path("details").asString("")));
    }
    String note = t.has("reason") ? t.path("reason").asString("") : null;
    return new Report.Trust(t.path("trusted").asBoolean(false), t.path("passed").asBoolean(false), missing, checks,
        row.path("verifier_revisions").asInt(0), row.path("kept").asBoolean(true), note);
  }
}
