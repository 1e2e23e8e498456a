package dev.awm.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A synthetic environment the size of an average AWM-1K environment: 18 tables (each but the
 * first referencing the one before), 130 inserted rows, an index per table, and a read and a write
 * tool per table (36 tools).
 */
public final class AwmSizedEnvironment {
  public static final int TABLES = 18;
  public static final int ROWS = 130;

  private AwmSizedEnvironment() {}

  public static EnvironmentDefinition definition() {
    List<TableSchema> tables = new ArrayList<>();
    List<TableRows> rows = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    StringBuilder code = new StringBuilder("import java.util.*;\nimport dev.awm.runtime.api.*;\n"
        + "public class BenchTools {\n  private final Db db;\n  public BenchTools(Db db) { this.db = db; }\n");
    int remaining = ROWS;
    for (int t = 0; t < TABLES; t++) {
      String name = "t" + t;
      String ref = t == 0 ? "" : ", parent_id INTEGER REFERENCES t" + (t - 1) + "(id)";
      tables.add(new TableSchema(name, "CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          + "status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')), amount REAL NOT NULL DEFAULT 0, "
          + "created_at TEXT NOT NULL DEFAULT '2026-01-01'" + ref + ")",
          List.of("CREATE INDEX idx_" + name + "_status ON " + name + "(status)")));
      int n = remaining / (TABLES - t);
      remaining -= n;
      List<String> inserts = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        inserts.add("INSERT INTO " + name + " (id, name, status, amount" + (t == 0 ? "" : ", parent_id") + ") VALUES ("
            + i + ", '" + name + " item " + i + "', '" + (i % 3 == 0 ? "closed" : "open") + "', " + (i * 1.5)
            + (t == 0 ? "" : ", " + (1 + i % 5)) + ");");
      }
      rows.add(new TableRows(name, "", inserts));
      endpoints.add(new Endpoint("/api/" + name + "/{id}", "GET", "Get a " + name, "", "get_" + name, List.of(name),
          Map.of("id", new RequestParam("integer", "path", true, "row id", 1)), null, List.of(name), Map.of()));
      endpoints.add(new Endpoint("/api/" + name + "/{id}", "PATCH", "Close a " + name, "", "close_" + name, List.of(name),
          Map.of("id", new RequestParam("integer", "path", true, "row id", 1)), null, List.of(name), Map.of()));
      code.append("  public Object get_").append(name).append("(Args a) {\n")
          .append("    Map row = db.queryOne(\"SELECT id, name, status, amount FROM ").append(name)
          .append(" WHERE id = ?\", a.getLong(\"id\"));\n")
          .append("    if (row == null) throw new ToolError(\"not found\");\n    return row;\n  }\n");
      code.append("  public Object close_").append(name).append("(Args a) {\n")
          .append("    int n = db.update(\"UPDATE ").append(name).append(" SET status = 'closed' WHERE id = ?\", a.getLong(\"id\"));\n")
          .append("    if (n == 0) throw new ToolError(\"not found\");\n    return Map.of(\"closed\", a.getLong(\"id\"));\n  }\n");
    }
    code.append("}\n");
    return EnvironmentDefinition.builder(new Scenario("AWM sized", "18 tables, 130 rows"))
        .tasks(List.of("Close item 1 of t0."))
        .schema(new DatabaseSchema(tables))
        .sampleData(new SampleData(rows))
        .spec(new ApiSpec(List.of(new ApiGroup("all", endpoints))))
        .toolCode(ToolCode.java(code.toString()))
        .build();
  }
}
