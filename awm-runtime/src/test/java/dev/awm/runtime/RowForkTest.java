package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EnvironmentHandle#fork()} copies only the changed rows into a spare connection when that
 * reproduces the parent exactly, and the whole database otherwise: in every case the fork's
 * database equals the parent's, table by table and row by row (rowids and AUTOINCREMENT counters
 * included). Which way a fork went shows in {@link Environment#spareHandles()}: a row copy keeps the
 * spare it took, a whole copy gives it back.
 */
class RowForkTest {
  private static EnvironmentBuilder shop() {
    return EnvironmentBuilder.create("Row forks", "tables of every kind")
        .table("customers", "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT)")
        .table("orders", "CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            + "customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE, total REAL, note BLOB)")
        .table("tags", "CREATE TABLE tags (code TEXT PRIMARY KEY, label TEXT)")
        .table("settings", "CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        .table("audit", "CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT)")
        .table("flagged", "CREATE TABLE flagged (id INTEGER PRIMARY KEY, why TEXT)",
            "CREATE TRIGGER flagged_audit AFTER INSERT ON flagged BEGIN INSERT INTO audit (what) VALUES ('flagged ' || new.id); END")
        .rows("customers", "INSERT INTO customers VALUES (1, 'ada@example.org', 'Ada')",
            "INSERT INTO customers VALUES (2, 'bob@example.org', 'Bob')", "INSERT INTO customers VALUES (3, 'cy@example.org', NULL)")
        .rows("orders", "INSERT INTO orders (customer_id, total, note) VALUES (1, 9.5, x'00ff')",
            "INSERT INTO orders (customer_id, total) VALUES (1, 20)", "INSERT INTO orders (customer_id, total) VALUES (2, 7.25)")
        .rows("tags", "INSERT INTO tags VALUES ('new', 'New')", "INSERT INTO tags VALUES ('sale', 'On sale')")
        .rows("settings", "INSERT INTO settings VALUES ('currency', 'EUR')")
        .tool(EnvironmentBuilder.tool("sql", "Run one statement").param("sql", ParamType.STRING, true, "the statement"),
            (db, a) -> Map.of("changed", db.update(a.getString("sql"))));
  }

  private static final Environment ENV = shop().build();
  private static final Environment FK_ENV = shop().environment().foreignKeys(true).build();

  private static void run(EnvironmentHandle h, String sql) {
    ToolResult r = h.callTool("sql", Map.of("sql", sql));
    assertThat(r.isError()).as("%s: %s", sql, r.message()).isFalse();
  }

  /** Every table's rows in rowid (or key) order, with the schema and the AUTOINCREMENT counters. */
  static List<String> dump(EnvironmentHandle h) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> t : h.query("SELECT name, sql FROM sqlite_schema ORDER BY name")) {
      out.add(t.toString());
      String name = (String) t.get("name");
      if (!h.query("SELECT 1 FROM sqlite_schema WHERE name = ? AND type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'", name).isEmpty()) {
        boolean withoutRowid = h.query("SELECT 1 FROM pragma_table_list(?) WHERE wr = 1", name).size() == 1;
        String select = withoutRowid ? "SELECT * FROM \"" + name + "\" ORDER BY 1"
            : "SELECT rowid AS _key, * FROM \"" + name + "\" ORDER BY 1";
        for (Map<String, Object> row : h.query(select)) {
          List<Object> values = new ArrayList<>();
          for (Object v : row.values()) values.add(v instanceof byte[] ? java.util.HexFormat.of().formatHex((byte[]) v) : v);
          out.add(name + " " + values);
        }
      }
    }
    return out;
  }

  /** Forks {@code parent} from one spare and says whether the fork copied rows (true) or the whole database. */
  private static boolean forkAndCompare(Environment env, EnvironmentHandle parent) {
    env.releaseSpares();
    env.newHandle().close();
    assertThat(env.spareHandles()).isEqualTo(1);
    try (EnvironmentHandle child = parent.fork()) {
      assertThat(dump(child)).isEqualTo(dump(parent));
      return env.spareHandles() == 0;
    }
  }

  @Test
  void rowCopiesReproduceUpdatesInsertsDeletesAndAutoincrementCounters() {
    try (EnvironmentHandle parent = ENV.newHandle()) {
      run(parent, "UPDATE customers SET name = 'Ada L.' WHERE id = 1");
      run(parent, "INSERT INTO orders (customer_id, total, note) VALUES (3, 1.5, x'cafe')");
      run(parent, "INSERT INTO orders (customer_id, total) VALUES (3, 2)");
      run(parent, "DELETE FROM orders WHERE id = 5"); // the counter stays at 5
      run(parent, "DELETE FROM orders WHERE id = 2");
      run(parent, "INSERT INTO tags VALUES ('gift', NULL)");
      run(parent, "UPDATE tags SET label = 'Sale!' WHERE code = 'sale'");
      assertThat(parent.callTool("sql", Map.of("sql", "INSERT INTO customers VALUES (9, 'ada@example.org', 'dup')")).isError()).isTrue();
      assertThat(forkAndCompare(ENV, parent)).isTrue();

      try (EnvironmentHandle child = parent.fork()) {
        // both go on independently, and number new orders alike
        run(child, "INSERT INTO orders (customer_id, total) VALUES (2, 3)");
        run(parent, "INSERT INTO orders (customer_id, total) VALUES (2, 3)");
        assertThat(child.query("SELECT max(id) AS id FROM orders")).isEqualTo(parent.query("SELECT max(id) AS id FROM orders"))
            .containsExactly(Map.of("id", 6L));
        run(child, "DELETE FROM customers WHERE id = 2");
        assertThat(parent.query("SELECT count(*) AS n FROM customers").get(0)).containsEntry("n", 3L);
        // the parent was not touched: its reset is still a rollback to the initial state
        parent.reset();
        assertThat(dump(parent)).isEqualTo(dump(ENV.newHandle()));
        child.reset();
        assertThat(dump(child)).isEqualTo(dump(parent));
      }
    }
  }

  @Test
  void changesTheLogCannotReproduceMakeAWholeCopy() {
    String[][] cases = {
        {"INSERT INTO settings VALUES ('locale', 'fr')"}, // WITHOUT ROWID: the update hook is silent
        {"DELETE FROM tags"}, // truncation
        {"INSERT INTO flagged VALUES (1, 'spam')"}, // the trigger would write audit twice
        {"CREATE TABLE extra (x)", "INSERT INTO extra VALUES (1)"}, // schema change
        {"INSERT OR REPLACE INTO customers VALUES (7, 'bob@example.org', 'Bobby')", "UPDATE customers SET email = 'b@x.org' WHERE id = 7"},
        {"UPDATE customers SET id = 100 WHERE id = 3"}, // the old rowid vanishes unhooked
        {"UPDATE customers SET email = 'tmp' WHERE id = 1", "UPDATE customers SET email = 'ada@example.org' WHERE id = 2",
            "UPDATE customers SET email = 'bob@example.org' WHERE id = 1"}, // a swap of unique values
    };
    for (String[] statements : cases) {
      try (EnvironmentHandle parent = ENV.newHandle()) {
        for (String sql : statements) run(parent, sql);
        assertThat(forkAndCompare(ENV, parent)).as(String.join("; ", statements)).isFalse();
        run(parent, "UPDATE customers SET name = 'after' WHERE id = 1");
        forkAndCompare(ENV, parent); // whichever way it goes, the databases must be equal
        parent.reset();
        assertThat(dump(parent)).isEqualTo(dump(ENV.newHandle()));
      }
    }
  }

  @Test
  void anEpisodeThatChangedMoreRowsThanTheLogHoldsForksByWholeCopy() {
    try (EnvironmentHandle parent = ENV.newHandle()) {
      run(parent, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + (ForkPlan.MAX_ROWS + 1) + ") "
          + "INSERT INTO audit (what) SELECT 'row ' || x FROM c");
      assertThat(forkAndCompare(ENV, parent)).isFalse();
      parent.reset();
      run(parent, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + ForkPlan.MAX_ROWS + ") "
          + "INSERT INTO audit (what) SELECT 'row ' || x FROM c");
      assertThat(forkAndCompare(ENV, parent)).as("exactly as many rows as the log holds").isTrue();
    }
  }

  @Test
  void aSwapOfUniqueValuesFallsBackOnceAndLaterForksCopyRowsAgain() {
    try (EnvironmentHandle parent = ENV.newHandle()) {
      run(parent, "UPDATE customers SET email = 'tmp' WHERE id = 1");
      run(parent, "UPDATE customers SET email = 'ada@example.org' WHERE id = 2");
      run(parent, "UPDATE customers SET email = 'bob@example.org' WHERE id = 1");
      assertThat(forkAndCompare(ENV, parent)).isFalse();
      // rows are copied in rowid order: once that order meets no conflict, forks copy rows again
      run(parent, "UPDATE customers SET email = 'z@example.org' WHERE id = 1");
      assertThat(forkAndCompare(ENV, parent)).isTrue();
      try (EnvironmentHandle grandchild = parent.fork(); EnvironmentHandle great = grandchild.fork()) {
        assertThat(dump(great)).isEqualTo(dump(parent));
      }
    }
  }

  @Test
  void withForeignKeysDeletesGoChildrenFirstAndInsertsParentsFirst() {
    try (EnvironmentHandle parent = FK_ENV.newHandle()) {
      run(parent, "DELETE FROM customers WHERE id = 1"); // cascades to two orders
      run(parent, "INSERT INTO customers VALUES (4, 'dee@example.org', 'Dee')");
      run(parent, "INSERT INTO orders (customer_id, total) VALUES (4, 11)");
      assertThat(parent.query("SELECT count(*) AS n FROM orders").get(0)).containsEntry("n", 2L);
      assertThat(forkAndCompare(FK_ENV, parent)).isTrue();
      try (EnvironmentHandle child = parent.fork()) {
        assertThat(child.callTool("sql", Map.of("sql", "INSERT INTO orders (customer_id, total) VALUES (1, 1)")).message())
            .contains("FOREIGN KEY constraint failed");
      }
    }
  }

  @Test
  void anEnvironmentWithAVirtualTableForksByWholeCopy() {
    Environment env = EnvironmentBuilder.create("Search", "full-text search")
        .table("docs", "CREATE VIRTUAL TABLE docs USING fts5(title, body)")
        .rows("docs", "INSERT INTO docs VALUES ('one', 'the first document')")
        .tool(EnvironmentBuilder.tool("sql", "Run one statement").param("sql", ParamType.STRING, true, "the statement"),
            (db, a) -> Map.of("changed", db.update(a.getString("sql"))))
        .build();
    try (EnvironmentHandle parent = env.newHandle()) {
      run(parent, "INSERT INTO docs VALUES ('two', 'a second document')");
      assertThat(forkAndCompare(env, parent)).isFalse();
      try (EnvironmentHandle child = parent.fork()) {
        assertThat(child.query("SELECT title FROM docs WHERE docs MATCH 'second'")).containsExactly(Map.of("title", "two"));
      }
    }
  }

  @Test
  void aHandleOnAForeignImageForksByWholeCopy() {
    byte[] saved;
    try (EnvironmentHandle h = ENV.newHandle()) {
      run(h, "UPDATE tags SET label = 'saved' WHERE code = 'new'");
      saved = h.serialize();
    }
    try (EnvironmentHandle opened = ENV.openHandle(saved)) {
      assertThat(forkAndCompare(ENV, opened)).isFalse();
    }
  }

  @Test
  void randomEpisodesForkIntoEqualDatabases() {
    Random random = new Random(42);
    String[] templates = {
        "UPDATE customers SET name = 'n%d' WHERE id = %d", "INSERT INTO customers (email, name) VALUES ('u%d@x.org', 'c%d')",
        "DELETE FROM customers WHERE id = %d AND %d > 0", "INSERT INTO orders (customer_id, total) VALUES (%d, %d.5)",
        "UPDATE orders SET total = total + %d WHERE id %% 3 = %d %% 3", "DELETE FROM orders WHERE id = %d OR %d < 0",
        "INSERT INTO tags VALUES ('t%d', 'l%d')", "UPDATE tags SET label = NULL WHERE rowid = %d OR %d < 0",
        "INSERT INTO customers VALUES (%d, 'ada@example.org', '%d')", // usually a unique violation: rolled back
    };
    int rowCopies = 0;
    try (EnvironmentHandle parent = ENV.newHandle()) {
      for (int episode = 0; episode < 12; episode++) {
        parent.reset();
        EnvironmentHandle node = parent;
        List<EnvironmentHandle> opened = new ArrayList<>();
        for (int step = 0; step < 25; step++) {
          String sql = String.format(templates[random.nextInt(templates.length)], 1 + random.nextInt(8), 1 + random.nextInt(8));
          node.callTool("sql", Map.of("sql", sql));
          if (random.nextInt(6) == 0) {
            if (forkAndCompare(ENV, node)) rowCopies++;
            node = node.fork();
            opened.add(node);
            assertThat(dump(node)).isEqualTo(dump(opened.size() > 1 ? opened.get(opened.size() - 2) : parent));
          }
        }
        opened.forEach(EnvironmentHandle::close);
      }
    }
    assertThat(rowCopies).isGreaterThan(10);
  }
}
