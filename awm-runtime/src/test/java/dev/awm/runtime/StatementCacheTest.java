package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.StarterPack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A statement that fails or is stopped while it runs must not poison its tool: not in the same
 * episode, not after {@code reset()}, not in a later handle that gets the connection from the
 * spares (sqlite-jdbc finalizes such a statement but leaves the Java object looking open).
 */
class StatementCacheTest {
  /** A {@code LIKE} pattern past SQLite's limit of 50,000 bytes: the statement fails while it runs. */
  private static final Map<String, Object> TOO_COMPLEX = Map.of("query", "x".repeat(60_000));
  private static final Map<String, Object> NORMAL = Map.of("query", "lamp");

  private static final String TOOLS = "import java.util.*;\nimport dev.awm.runtime.api.*;\n"
      + "public class Probe {\n  private final Db db;\n  public Probe(Db db) { this.db = db; }\n"
      + "  public Object find(Args a) { return db.query(\"SELECT id FROM notes WHERE body LIKE ?\", a.getString(\"q\")); }\n"
      + "  public Object absolute(Args a) { return db.scalar(\"SELECT abs(?)\", a.getLong(\"n\")); }\n"
      + "  public Object field(Args a) { return db.scalar(\"SELECT json_extract(?, '$.a')\", a.getString(\"json\")); }\n"
      + "  public Object count(Args a) {\n"
      + "    return db.scalar(\"WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?) SELECT count(*) FROM r\","
      + " a.getLong(\"n\"));\n  }\n"
      + "  public Object add(Args a) { return db.insert(\"INSERT INTO notes (body) VALUES (?)\", a.getString(\"body\")); }\n"
      + "}\n";

  private static Environment probe(Duration callTimeout) {
    return EnvironmentBuilder.create("Probe", "statements that fail while they run")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('first')")
        .tool(EnvironmentBuilder.tool("find", "").param("q", ParamType.STRING, true, ""))
        .tool(EnvironmentBuilder.tool("absolute", "").param("n", ParamType.INTEGER, true, ""))
        .tool(EnvironmentBuilder.tool("field", "").param("json", ParamType.STRING, true, ""))
        .tool(EnvironmentBuilder.tool("count", "").param("n", ParamType.INTEGER, true, ""))
        .tool(EnvironmentBuilder.tool("add", "").param("body", ParamType.STRING, true, ""))
        .javaTools(TOOLS)
        .environment().callTimeout(callTimeout).build();
  }

  @Test
  void theStarterPackReproductionWorksInTheSameEpisode() {
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    try (EnvironmentHandle h = env.newHandle()) {
      ToolResult bad = h.callTool("search_products", TOO_COMPLEX);
      assertThat(bad.kind()).isEqualTo(ToolResult.Kind.TOOL_FAILURE);
      assertThat(bad.message()).contains("LIKE or GLOB pattern too complex");
      ToolResult ok = h.callTool("search_products", NORMAL);
      assertThat(ok.kind()).as(ok.message()).isEqualTo(ToolResult.Kind.OK);
    }
  }

  @Test
  void aFailedStatementDoesNotOutliveResetOrTheHandle() {
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    String expected;
    try (EnvironmentHandle fresh = env.newHandle()) {
      expected = fresh.callTool("search_products", NORMAL).content();
    }
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("search_products", TOO_COMPLEX).isError()).isTrue();
      h.reset();
      assertThat(h.callTool("search_products", NORMAL).content()).isEqualTo(expected);
      assertThat(h.callTool("search_products", TOO_COMPLEX).isError()).isTrue();
    }
    assertThat(env.spareHandles()).isEqualTo(1);
    try (EnvironmentHandle next = env.newHandle()) {
      assertThat(env.spareHandles()).as("the handle took the spare connection").isZero();
      ToolResult ok = next.callTool("search_products", NORMAL);
      assertThat(ok.kind()).as(ok.message()).isEqualTo(ToolResult.Kind.OK);
      assertThat(ok.content()).isEqualTo(expected);
    }
  }

  @Test
  void sqliteErrorsWhileRunningLeaveTheToolUsable() {
    Environment env = probe(Duration.ofSeconds(60));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("find", Map.of("q", "%".repeat(60_000))).message()).contains("pattern too complex");
      assertThat(h.callTool("find", Map.of("q", "fir%")).content()).isEqualTo("[{\"id\":1}]");
      assertThat(h.callTool("absolute", Map.of("n", Long.MIN_VALUE)).message()).contains("integer overflow");
      assertThat(h.callTool("absolute", Map.of("n", -5)).content()).isEqualTo("5");
      assertThat(h.callTool("field", Map.of("json", "{not json")).message()).contains("malformed JSON");
      assertThat(h.callTool("field", Map.of("json", "{\"a\": 7}")).content()).isEqualTo("7");
    }
    try (EnvironmentHandle spare = env.newHandle()) {
      assertThat(env.spareHandles()).isZero();
      assertThat(spare.callTool("find", Map.of("q", "fir%")).content()).isEqualTo("[{\"id\":1}]");
      assertThat(spare.callTool("absolute", Map.of("n", -5)).content()).isEqualTo("5");
      assertThat(spare.callTool("field", Map.of("json", "{\"a\": 7}")).content()).isEqualTo("7");
    }
  }

  @Test
  void aStatementStoppedAtTheTimeLimitLeavesTheToolUsable() {
    Environment env = probe(Duration.ofSeconds(2));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add", Map.of("body", "kept")).isError()).isFalse();
      ToolResult stopped = h.callTool("count", Map.of("n", Long.MAX_VALUE));
      assertThat(stopped.kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(stopped.message()).contains("time limit");
      assertThat(h.callTool("count", Map.of("n", 10)).content()).isEqualTo("10");
      assertThat(h.query("SELECT body FROM notes ORDER BY id")).extracting(r -> r.get("body")).containsExactly("first", "kept");
      assertThat(h.callTool("count", Map.of("n", Long.MAX_VALUE)).kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      h.reset();
      assertThat(h.callTool("count", Map.of("n", 10)).content()).isEqualTo("10");
      assertThat(h.callTool("count", Map.of("n", Long.MAX_VALUE)).kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
    }
    try (EnvironmentHandle spare = env.newHandle()) {
      assertThat(env.spareHandles()).isZero();
      assertThat(spare.callTool("count", Map.of("n", 10)).content()).isEqualTo("10");
      assertThat(spare.query("SELECT count(*) AS n FROM notes")).isEqualTo(List.of(Map.of("n", 1L)));
    }
  }
}
