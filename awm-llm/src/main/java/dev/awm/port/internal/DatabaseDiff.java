package dev.awm.port.internal;

import dev.awm.runtime.DatabaseView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two SQLite databases table by table, rows as multisets (their order does not matter),
 * values normalized (an integer equals the same real, text is exact). Used to check that a ported
 * tool changed the database as its original did.
 */
public final class DatabaseDiff {
  private DatabaseDiff() {}

  /** At most {@code max} differences between the databases {@code python} and {@code java} (file images); empty when equal. */
  public static List<String> compare(byte[] python, byte[] java, int max) {
    Map<String, List<String>> p = content(python);
    Map<String, List<String>> j = content(java);
    List<String> out = new ArrayList<>();
    TreeSet<String> tables = new TreeSet<>(p.keySet());
    tables.addAll(j.keySet());
    for (String t : tables) {
      if (out.size() >= max) break;
      if (!p.containsKey(t) || !j.containsKey(t)) {
        out.add("table " + t + " exists only on the " + (p.containsKey(t) ? "python" : "java") + " side");
        continue;
      }
      List<String> onlyP = minus(p.get(t), j.get(t));
      List<String> onlyJ = minus(j.get(t), p.get(t));
      for (String r : onlyP) if (out.size() < max) out.add("table " + t + ": python has " + r + (onlyJ.isEmpty() ? ", java does not" : ""));
      for (String r : onlyJ) if (out.size() < max) out.add("table " + t + ": java has " + r + (onlyP.isEmpty() ? ", python does not" : ""));
    }
    return out;
  }

  /** Whether the two images hold the same rows. */
  public static boolean same(byte[] a, byte[] b) {
    return compare(a, b, 1).isEmpty();
  }

  private static List<String> minus(List<String> a, List<String> b) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String r : b) counts.merge(r, 1, Integer::sum);
    List<String> out = new ArrayList<>();
    for (String r : a) {
      Integer n = counts.get(r);
      if (n == null || n == 0) out.add(r);
      else counts.put(r, n - 1);
    }
    return out;
  }

  /** Table name -> its rows as canonical text, sorted. */
  static Map<String, List<String>> content(byte[] image) {
    Map<String, List<String>> out = new TreeMap<>();
    try (DatabaseView db = DatabaseView.open(image)) {
      for (Map<String, Object> t : db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        String name = (String) t.get("name");
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : db.query("SELECT * FROM \"" + name.replace("\"", "\"\"") + "\"")) rows.add(canonical(row));
        rows.sort(null);
        out.put(name, rows);
      }
    }
    return out;
  }

  private static String canonical(Map<String, Object> row) {
    Map<String, Object> m = new LinkedHashMap<>();
    row.forEach((k, v) -> m.put(k, normalize(v)));
    StringBuilder b = new StringBuilder("{");
    m.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(v));
    return b.append('}').toString();
  }

  private static Object normalize(Object v) {
    if (v instanceof Number n) {
      BigDecimal d = JsonMatch.number(n).stripTrailingZeros();
      return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
    if (v instanceof byte[] b) return "x'" + HexFormat.of().formatHex(b) + "'";
    if (v instanceof String s) return "'" + s + "'";
    return String.valueOf(v);
  }
}
