package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.SimulatedTime;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCode;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SQLite's current time and the clock generated code reads are the environment's simulated now. */
class PinnedClockTest {
  static final LocalDateTime NOW = LocalDateTime.of(2024, 2, 28, 22, 30, 5);

  static EnvironmentDefinition definition(String toolBody) {
    String src = "import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class Clocked {\n  private final Db db;\n"
        + "  public Clocked(Db db) { this.db = db; }\n  public Object t(Args args) {\n" + toolBody + "\n  }\n}\n";
    return EnvironmentDefinition.builder(new Scenario("Clocked", "time").withSimulatedNow(NOW))
        .schema(new DatabaseSchema(List.of(new TableSchema("events",
            "CREATE TABLE events (id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                + " day TEXT DEFAULT (date('now')), due TEXT CHECK (due IS NULL OR due >= date('now', '-1 year')))",
            List.of("CREATE INDEX events_age ON events (julianday('now') - julianday(at))")))))
        .sampleData(new SampleData(List.of(new TableRows("events", "", List.of("INSERT INTO events (id) VALUES (1)")))))
        .spec(new ApiSpec(List.of(new ApiGroup("all", List.of(new Endpoint("/t", "POST", "t", "", "t", List.of(), Map.of(), null,
            List.of("events"), Map.of()))))))
        .toolCode(ToolCode.java(src))
        .build();
  }

  @Test
  void everyCurrentTimeOfSqliteIsThePinnedNow() {
    Environment env = Environment.of(definition("return db.queryOne(\"SELECT 1\");"));
    try (EnvironmentHandle h = env.newHandle()) {
      Map<String, Object> row = h.view().queryOne("SELECT date('now') AS d, datetime('now', '+7 days') AS w, CURRENT_TIMESTAMP AS ts,"
          + " CURRENT_DATE AS cd, CURRENT_TIME AS ct, date() AS d0, datetime('NOW') AS upper, strftime('%Y-%m-%d %H:%M', 'now') AS f,"
          + " strftime('%s') AS s, unixepoch('now') AS u, julianday('now') - julianday('2024-02-28 00:00:00') AS j,"
          + " time('now', 'localtime') AS local, datetime('now', 'utc') AS utc, timediff('now', '2024-02-27 22:30:05') AS diff");
      assertThat(row).containsEntry("d", "2024-02-28").containsEntry("w", "2024-03-06 22:30:05")
          .containsEntry("ts", "2024-02-28 22:30:05").containsEntry("cd", "2024-02-28").containsEntry("ct", "22:30:05")
          .containsEntry("d0", "2024-02-28").containsEntry("upper", "2024-02-28 22:30:05").containsEntry("f", "2024-02-28 22:30")
          .containsEntry("s", "1709159405").containsEntry("u", 1709159405L).containsEntry("local", "22:30:05")
          .containsEntry("utc", "2024-02-28 22:30:05").containsEntry("diff", "+0000-00-01 00:00:00.000");
      assertThat((Double) row.get("j")).isCloseTo(22.5 / 24 + 5.0 / 86400, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void nowSmuggledAsABlobOrWithOddCaseIsStillThePinnedNow() {
    Environment env = Environment.of(definition("return null;"));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.view().queryOne("SELECT date(CAST('now' AS BLOB)) AS b, datetime(lower('NOW'), CAST('localtime' AS BLOB)) AS l,"
          + " strftime('%Y', x'6e6f77') AS y, julianday(CAST('nOw' AS BLOB)) = julianday('now') AS j"))
          .containsEntry("b", "2024-02-28").containsEntry("l", "2024-02-28 22:30:05").containsEntry("y", "2024").containsEntry("j", 1L);
    }
  }

  @Test
  void timesThatAreNotNowAreTheBuiltInFunctions() {
    Environment env = Environment.of(definition("return null;"));
    try (EnvironmentHandle h = env.newHandle()) {
      Map<String, Object> row = h.view().queryOne("SELECT date('2024-02-28', '+1 day') AS leap, julianday(2460000.5) AS jd,"
          + " date(NULL) AS n, date('not a date') AS bad, datetime(1700000000, 'unixepoch') AS unix, strftime('%j', '2024-12-31') AS doy,"
          + " date('2024-01-31', 'start of month', '+1 month') AS som, typeof(unixepoch('2024-01-01')) AS t");
      assertThat(row).containsEntry("leap", "2024-02-29").containsEntry("jd", 2460000.5).containsEntry("n", null)
          .containsEntry("bad", null).containsEntry("unix", "2023-11-14 22:13:20").containsEntry("doy", "366")
          .containsEntry("som", "2024-02-01").containsEntry("t", "integer");
    }
  }

  @Test
  void defaultsChecksAndIndexesUseThePinnedNowInTheInitialDatabaseAndInEveryHandle() {
    Environment env = Environment.of(definition("db.insert(\"INSERT INTO events (id, due) VALUES (2, ?)\", \"2023-03-01\");"
        + " return db.query(\"SELECT at, day FROM events ORDER BY id\");"));
    try (EnvironmentHandle h = env.newHandle(); DatabaseView initial = env.openInitialDatabase()) {
      assertThat(initial.queryOne("SELECT at, day FROM events WHERE id = 1")).isEqualTo(Map.of("at", "2024-02-28 22:30:05", "day", "2024-02-28"));
      assertThat(h.callTool("t", Map.of()).contentValue())
          .isEqualTo(List.of(Map.of("at", "2024-02-28 22:30:05", "day", "2024-02-28"), Map.of("at", "2024-02-28 22:30:05", "day", "2024-02-28")));
      h.reset();
      try (EnvironmentHandle fork = h.fork()) {
        assertThat(fork.view().scalar("SELECT CURRENT_TIMESTAMP")).isEqualTo("2024-02-28 22:30:05");
      }
    }
  }

  @Test
  void generatedCodeReadsTheSimulatedNowFromItsDb() {
    Environment env = Environment.of(definition("return db.now().toString() + \" \" + db.today().plusDays(2)"
        + " + \" \" + java.time.LocalDate.now(java.time.Clock.fixed(db.now().toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC));"));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("t", Map.of()).contentValue()).isEqualTo("2024-02-28T22:30:05 2024-03-01 2024-02-28");
      assertThat(h.view().now()).isEqualTo(NOW);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"return String.valueOf(System.currentTimeMillis());", "return java.time.LocalDate.now().toString();",
      "return java.time.LocalDateTime.now(java.time.ZoneId.of(\"UTC\")).toString();", "return java.time.Instant.now().toString();",
      "return String.valueOf(java.time.Clock.systemUTC().millis());", "return new java.util.Date().toString();",
      "return String.valueOf(java.util.Calendar.getInstance().get(1));", "return java.time.ZoneId.systemDefault().toString();",
      "return String.valueOf(new java.util.GregorianCalendar().get(1));", "return java.util.TimeZone.getDefault().getID();",
      "return java.time.chrono.IsoChronology.INSTANCE.dateNow().toString();", "return java.time.YearMonth.now().toString();",
      "return new java.text.SimpleDateFormat(\"yy\").get2DigitYearStart().toString();",
      "return String.valueOf(java.time.InstantSource.system().millis());"})
  void theWallClockIsRefusedWithTheWayToTheSimulatedNow(String body) {
    assertThatThrownBy(() -> Environment.of(definition(body))).isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("wall clock").hasMessageContaining("db.now()");
  }

  @Test
  void aDefinitionWithoutASimulatedNowGetsTheDocumentedDefault() {
    EnvironmentDefinition d = definition("return null;");
    d = d.toBuilder().scenario(new Scenario("Clocked", "time")).build();
    try (EnvironmentHandle h = Environment.of(d).newHandle()) {
      assertThat(h.view().scalar("SELECT datetime('now')")).isEqualTo("2025-06-01 09:00:00");
      assertThat(h.view().now()).isEqualTo(SimulatedTime.DEFAULT);
    }
  }
}
