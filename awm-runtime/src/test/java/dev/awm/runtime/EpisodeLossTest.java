package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An episode is never lost silently: what one call may write is bounded far below what the
 * database holds (refused as {@code LIMIT_EXCEEDED}, the episode's earlier writes kept), and when
 * SQLite still rolls back the whole episode the result and the handle say so.
 */
class EpisodeLossTest {
  private static final String TOOLS = "import java.util.*;\nimport dev.awm.runtime.api.*;\n"
      + "public class Writer {\n  private final Db db;\n  public Writer(Db db) { this.db = db; }\n"
      + "  public Object add(Args a) { return db.insert(\"INSERT INTO notes (body) VALUES (?)\", a.getString(\"body\")); }\n"
      + "  public Object pad(Args a) {\n"
      + "    String kib = \"\"; for (int i = 0; i < 1024; i++) kib += \"x\";\n"
      + "    StringBuilder value = new StringBuilder(); for (int i = 0; i < a.getLong(\"kib\"); i++) value.append(kib);\n"
      + "    long n = a.getLong(\"times\");\n"
      + "    for (int i = 0; i < n; i++) db.insert(\"INSERT INTO notes (body) VALUES (?)\", value.toString());\n"
      + "    return Long.valueOf(n);\n  }\n"
      + "  public Object blob(Args a) {\n"
      + "    try { return Long.valueOf(db.update(\"INSERT INTO notes (body) SELECT zeroblob(?)\", a.getLong(\"bytes\"))); }\n"
      + "    catch (DbException swallowed) { return \"ignored: \" + swallowed.getMessage(); }\n  }\n"
      + "  public Object fill(Args a) {\n"
      + "    return Long.valueOf(db.update(\"INSERT INTO notes (body) SELECT zeroblob(3000000) FROM (WITH RECURSIVE r(i) AS \"\n"
      + "        + \"(SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 100) SELECT i FROM r)\"));\n  }\n"
      + "  public Object endless(Args a) {\n"
      + "    return Long.valueOf(db.update(\"INSERT INTO notes (body) SELECT 'x' FROM (WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL \"\n"
      + "        + \"SELECT i + 1 FROM r) SELECT i FROM r) WHERE i < 0\"));\n  }\n"
      + "}\n";

  private static Environment writer(Duration callTimeout) {
    return EnvironmentBuilder.create("Writer", "tools that write a lot")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('first')")
        .tool(EnvironmentBuilder.tool("add", "").param("body", ParamType.STRING, true, ""))
        .tool(EnvironmentBuilder.tool("pad", "").param("kib", ParamType.INTEGER, true, "").param("times", ParamType.INTEGER, true, ""))
        .tool(EnvironmentBuilder.tool("blob", "").param("bytes", ParamType.INTEGER, true, ""))
        .tool(EnvironmentBuilder.tool("fill", ""))
        .tool(EnvironmentBuilder.tool("endless", ""))
        .javaTools(TOOLS)
        .environment().callTimeout(callTimeout).build();
  }

  private static long notes(EnvironmentHandle h) {
    return (Long) h.query("SELECT count(*) AS n FROM notes").get(0).get("n");
  }

  @Test
  void aValueOverTheLimitIsRefusedAndTheEpisodeKeepsItsWrites() {
    Environment env = writer(Duration.ofSeconds(60));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add", Map.of("body", "kept")).isError()).isFalse();
      ToolResult r = h.callTool("pad", Map.of("kib", 1025, "times", 1));
      assertThat(r.kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(r.message()).contains("parameter 1 is 1049600 bytes, over the limit of 1048576 bytes for one value",
          "its changes were rolled back");
      assertThat(notes(h)).isEqualTo(2);
      assertThat(h.episodeLost()).isEmpty();
    }
  }

  @Test
  void aCallThatWritesTooMuchIsRefusedWholeAndTheEpisodeKeepsItsWrites() {
    Environment env = writer(Duration.ofSeconds(60));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add", Map.of("body", "kept")).isError()).isFalse();
      assertThat(h.callTool("pad", Map.of("kib", 1000, "times", 7)).isError()).as("7 MB in one call is allowed").isFalse();
      ToolResult r = h.callTool("pad", Map.of("kib", 1000, "times", 9));
      assertThat(r.kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(r.message()).contains("over the limit of 8388608 bytes for one call");
      assertThat(notes(h)).as("the refused call wrote nothing, the earlier ones stay").isEqualTo(2 + 7);
    }
  }

  @Test
  void aValueBuiltInSqlCountsTooEvenWhenTheToolSwallowsTheError() {
    Environment env = writer(Duration.ofSeconds(60));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add", Map.of("body", "kept")).isError()).isFalse();
      ToolResult grown = h.callTool("blob", Map.of("bytes", 3_000_000));
      assertThat(grown.kind()).isEqualTo(ToolResult.Kind.OK);
      ToolResult tooBig = h.callTool("blob", Map.of("bytes", 5_000_000));
      assertThat(tooBig.kind()).as(tooBig.message()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(tooBig.message()).contains("SQLite refused a value over 4194304 bytes");
      assertThat(notes(h)).isEqualTo(3);
    }
    Environment small = EnvironmentBuilder.create("Writer", "").table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body)")
        .tool(EnvironmentBuilder.tool("blob", "").param("bytes", ParamType.INTEGER, true, "")).javaTools(TOOLS.replaceAll(
            "(?s)  public Object (add|pad|fill|endless)\\(Args a\\) \\{.*?\\n  \\}\\n", ""))
        .environment().maxWriteBytesPerCall(1 << 20).build();
    try (EnvironmentHandle h = small.newHandle()) {
      ToolResult grown = h.callTool("blob", Map.of("bytes", 2_000_000));
      assertThat(grown.kind()).as(grown.message()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(grown.message()).contains("grew the database by", "over the limit of 1048576 bytes for one call");
      assertThat(h.query("SELECT count(*) AS n FROM notes")).isEqualTo(List.of(Map.of("n", 0L)));
    }
  }

  @Test
  void aFullingEpisodeIsRefusedLongBeforeSqliteRunsOutOfRoom() {
    Environment env = writer(Duration.ofSeconds(60));
    try (EnvironmentHandle h = env.newHandle()) {
      ToolResult last = null;
      int accepted = 0;
      for (int i = 0; i < 12 && (last == null || !last.isError()); i++) {
        last = h.callTool("pad", Map.of("kib", 1000, "times", 7));
        if (!last.isError()) accepted++;
      }
      assertThat(last.kind()).as(last.message()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(last.message()).contains("the episode's database holds", "KiB up to which a call may write");
      assertThat(accepted).isBetween(4, 7);
      assertThat(notes(h)).as("every accepted call is still there").isEqualTo(1 + 7L * accepted);
      assertThat(h.episodeLost()).isEmpty();
      h.reset();
      assertThat(h.callTool("pad", Map.of("kib", 1000, "times", 7)).isError()).isFalse();
    }
  }

  @Test
  void aStatementThatFillsTheDatabaseInOneGoIsRefusedAsTheWriteLimit() {
    Environment env = writer(Duration.ofSeconds(60));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add", Map.of("body", "kept")).isError()).isFalse();
      ToolResult r = h.callTool("fill", Map.of());
      assertThat(r.kind()).as(r.message()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(r.message()).contains("went past a write limit", "filled the database (64 MiB)");
      assertThat(notes(h)).as("SQLite rolled back the statement only").isEqualTo(2);
    }
  }

  @Test
  void anEpisodeSqliteRollsBackIsReportedByTheResultAndTheHandle() {
    Environment env = writer(Duration.ofSeconds(2));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("add", Map.of("body", "lost")).isError()).isFalse();
      ToolResult r = h.callTool("endless", Map.of());
      assertThat(r.kind()).isEqualTo(ToolResult.Kind.EPISODE_RESET);
      assertThat(r.toJson()).contains("\"kind\":\"episode_reset\"");
      assertThat(r.message()).contains("SQLite rolled back the whole episode while tool 'endless' ran", "time limit",
          "every change this episode made is gone");
      assertThat(notes(h)).as("the handle is in its initial state").isEqualTo(1);
      assertThat(h.episodeLost()).hasValueSatisfying(why -> assertThat(why).contains("tool 'endless'"));
      assertThat(h.lostEpisodes()).isEqualTo(1);
      assertThat(h.callTool("add", Map.of("body", "after")).isError()).as("the handle goes on").isFalse();
      try (EnvironmentHandle fork = h.fork()) {
        assertThat(fork.episodeLost()).as("a fork carries on the lost episode").isPresent();
      }
      h.reset();
      assertThat(h.episodeLost()).isEmpty();
      assertThat(notes(h)).isEqualTo(1);
    }
  }
}
