package dev.awm.cli.report;

import dev.awm.core.internal.ScenarioNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a directory's files say, counted without the report's code (nor the library's loader): the
 * JSON lines read with plain Jackson, the rows counted by running the schema and sample statements
 * in a SQLite database of the test's own.
 */
final class FileCounts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per environment (normalized scenario name): tables, rows, tools, tasks, verified, solved, trusted, tools used. */
  final Map<String, Map<String, Long>> byEnv = new LinkedHashMap<>();

  private FileCounts() {}

  static FileCounts of(Path dir) throws IOException, SQLException {
    FileCounts c = new FileCounts();
    for (JsonNode r : rows(dir, "gen_scenario.jsonl")) c.env(r.path("name").asString());
    for (JsonNode r : rows(dir, "gen_tasks.jsonl")) c.put(r, "tasks", r.path("tasks").size());
    for (JsonNode r : rows(dir, "gen_db.jsonl")) c.put(r, "tables", r.path("db_schema").path("tables").size());
    for (JsonNode r : rows(dir, "gen_spec.jsonl")) {
      long tools = 0;
      for (JsonNode g : r.path("api_spec").path("api_groups")) tools += g.path("endpoints").size();
      c.put(r, "tools", tools);
    }
    c.perTask(rows(dir, "gen_verifier.jsonl"), "verified");
    c.perTask(rows(dir, "gen_solutions.jsonl"), "solved");
    Map<String, Set<String>> used = new LinkedHashMap<>();
    for (JsonNode r : rows(dir, "gen_solutions.jsonl")) {
      for (JsonNode call : r.path("calls")) used.computeIfAbsent(key(r), k -> new HashSet<>()).add(call.path("name").asString());
    }
    used.forEach((env, tools) -> c.env(env).put("used", (long) tools.size()));
    for (JsonNode r : rows(dir, "gen_report.jsonl")) {
      if (r.path("trust").path("trusted").asBoolean(false)) c.env(key(r)).merge("trusted", 1L, Long::sum);
    }
    Map<String, JsonNode> samples = new LinkedHashMap<>();
    for (JsonNode r : rows(dir, "gen_sample.jsonl")) samples.put(key(r), r);
    for (JsonNode db : rows(dir, "gen_db.jsonl")) c.env(key(db)).put("rows", countRows(db, samples.get(key(db))));
    return c;
  }

  /** The count {@code what} of environment {@code env} (0 when the files have none). */
  long get(String env, String what) {
    return byEnv.getOrDefault(env, Map.of()).getOrDefault(what, 0L);
  }

  /** The sum of {@code what} over every environment. */
  long total(String what) {
    return byEnv.values().stream().mapToLong(m -> m.getOrDefault(what, 0L)).sum();
  }

  private Map<String, Long> env(String name) {
    return byEnv.computeIfAbsent(ScenarioNames.normalize(name), k -> new LinkedHashMap<>());
  }

  private void put(JsonNode row, String what, long n) {
    env(key(row)).put(what, n);
  }

  private void perTask(List<JsonNode> rows, String what) {
    Map<String, Set<Integer>> tasks = new LinkedHashMap<>();
    for (JsonNode r : rows) tasks.computeIfAbsent(key(r), k -> new HashSet<>()).add(r.path("task_idx").asInt());
    tasks.forEach((env, t) -> env(env).put(what, (long) t.size()));
  }

  private static String key(JsonNode row) {
    return ScenarioNames.normalize(row.path("scenario").asString());
  }

  private static long countRows(JsonNode db, JsonNode sample) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
      for (JsonNode t : db.path("db_schema").path("tables")) s.execute(t.path("ddl").asString());
      if (sample != null) {
        for (JsonNode t : sample.path("sample_data").path("tables")) {
          for (JsonNode insert : t.path("insert_statements")) s.execute(insert.asString());
        }
      }
      long rows = 0;
      for (JsonNode t : db.path("db_schema").path("tables")) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + t.path("name").asString() + "\"")) {
          rs.next();
          rows += rs.getLong(1);
        }
      }
      return rows;
    }
  }

  private static List<JsonNode> rows(Path dir, String file) throws IOException {
    Path p = dir.resolve(file);
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(p)) return out;
    for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) out.add(JSON.readTree(line));
    }
    return out;
  }
}
