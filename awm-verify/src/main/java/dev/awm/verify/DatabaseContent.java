package dev.awm.verify;

import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.api.Db;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** A database's content for comparison: every table's rows as sorted JSON texts, by table name. */
final class DatabaseContent {
  private DatabaseContent() {}

  /** Every table of {@code db}, all columns. */
  static Map<String, List<String>> of(Db db) {
    return of(db, null);
  }

  /** Every table of {@code db}, without the columns whose whole name matches {@code ignored} (null: none). */
  static Map<String, List<String>> of(Db db, Pattern ignored) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map<String, Object> t : db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      String table = (String) t.get("name");
      List<String> rows = new ArrayList<>();
      for (Map<String, Object> row : db.query("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
        Map<String, Object> kept = new LinkedHashMap<>();
        row.forEach((k, v) -> {
          if (ignored == null || !ignored.matcher(k).matches()) kept.put(k, v); // JSON writes a blob (byte[]) as padded Base64
        });
        rows.add(JsonValues.write(kept));
      }
      rows.sort(null);
      out.put(table, rows);
    }
    return out;
  }
}
