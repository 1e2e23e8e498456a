package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConnection;

/**
 * {@link RowValues} gives every value exactly as {@code ResultSet.getObject} (integers widened to
 * {@code Long}) does: each storage class, text that is empty, holds NULs, is not ASCII or not even
 * valid UTF-8, blobs empty and not, numbers at their limits, a column whose storage class changes
 * from row to row, and an expression's values; and tool code sees the same through a handle.
 */
class RowValuesTest {
  private static final String VALUES = "VALUES (1, 'plain'), (2, ''), (3, 'caf\u00e9 \u6f22\u5b57 \ud83d\ude00'), "
      + "(4, 'a' || char(0) || 'b'), (5, CAST(X'FF61E2' AS TEXT)), (6, X''), (7, X'00FF10'), (8, NULL), "
      + "(9, 9223372036854775807), (10, -9223372036854775808), (11, 2147483647), (12, 2147483648), (13, -1.5e300), "
      + "(14, 0.1), (15, 4.9e-324), (16, -0.0), (17, CAST(1e400 AS REAL)), (18, 42), (19, '42'), (20, 3.0)";

  @Test
  void everyValueAsGetObjectGivesIt() throws Exception {
    try (SQLiteConnection c = Sqlite.openMemory(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)");
      st.execute("INSERT INTO t (id, v) " + VALUES);
      String sql = "SELECT id, v, typeof(v) AS type, length(v) AS len, v || '' AS text, upper(v) FROM t ORDER BY id";
      List<Object[]> expected = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          Object[] row = new Object[6];
          for (int i = 0; i < row.length; i++) row[i] = RowValues.plain(rs.getObject(i + 1));
          expected.add(row);
        }
      }
      assertThat(expected).hasSize(20);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int run = 0; run < 2; run++) { // twice: a cached statement reused
          List<Object[]> actual = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              Object[] row = new Object[6];
              RowValues.read(ps, rs, row);
              actual.add(row);
            }
          }
          assertThat(actual).hasSameSizeAs(expected);
          for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i)).as("row %d", i + 1).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected.get(i));
            for (int k = 0; k < 6; k++) {
              Object e = expected.get(i)[k], a = actual.get(i)[k];
              assertThat(a == null ? null : a.getClass()).as("row %d column %d", i + 1, k + 1).isEqualTo(e == null ? null : e.getClass());
              if (e instanceof byte[] eb) assertThat((byte[]) a).containsExactly(eb);
            }
          }
        }
      }
    }
  }

  @Test
  void toolCodeSeesTheSameValuesThroughAHandle() {
    String tools = "import java.util.*;\nimport dev.awm.runtime.api.*;\n"
        + "public class Vals {\n  private final Db db;\n  public Vals(Db db) { this.db = db; }\n"
        + "  public Object all(Args a) {\n    List out = new ArrayList();\n"
        + "    for (Object r : db.query(\"SELECT v FROM t ORDER BY id\")) {\n      Object v = ((Map) r).get(\"v\");\n"
        + "      String type = v instanceof Long ? \"Long\" : v instanceof Double ? \"Double\" : v instanceof String ? \"String\" : v instanceof byte[] ? \"byte[]\" : \"other\";\n"
        + "      out.add(v == null ? \"null\" : type + \":\" + (v instanceof byte[] ? Arrays.toString((byte[]) v) : v));\n"
        + "    }\n    return out;\n  }\n}\n";
    Environment env = EnvironmentBuilder.create("Vals", "values of every storage class")
        .table("t", "CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        .rows("t", "INSERT INTO t (id, v) " + VALUES)
        .tool(EnvironmentBuilder.tool("all", ""))
        .javaTools(tools)
        .environment().build();
    try (EnvironmentHandle h = env.newHandle()) {
      ToolResult r = h.callTool("all", Map.of());
      assertThat(r.kind()).isEqualTo(ToolResult.Kind.OK);
      assertThat(r.content()).contains("\"String:plain\"", "\"String:\"", "\"String:caf\u00e9 \u6f22\u5b57 \ud83d\ude00\"",
          "\"Long:9223372036854775807\"", "\"Long:-9223372036854775808\"", "\"Long:42\"", "\"String:42\"", "\"Double:3.0\"",
          "\"Double:0.1\"", "\"null\"", "\"byte[]:" + Arrays.toString(new byte[] {0, -1, 16}) + "\"", "\uFFFD");
    }
  }
}
