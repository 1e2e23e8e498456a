package dev.awm.runtime;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * How {@link EnvironmentHandle#fork()} copies a handle's state row by row: for each table of the
 * initial image, the statements that read a row by rowid and write it into another database, and
 * an order in which parents come before the tables that reference them. Built once per environment
 * from its image; immutable.
 *
 * <p>{@link #copy} brings a database that is at the initial image (a spare handle's) to the state of
 * one whose {@link ChangeLog} is complete, and proves that it did: every statement it ran changed
 * exactly the rows it aimed at (no trigger or foreign key action did more, which the change counts
 * show), and each copied table ends with as many rows as the source's. When anything does not hold
 * it returns false and the caller copies the whole database instead.
 */
final class ForkPlan {
  private static final Logger LOG = LoggerFactory.getLogger(ForkPlan.class);
  /**
   * Beyond this many changed rows copying the whole database is faster: a row costs about 6 µs to
   * read and write, a whole copy about 200 µs (AWM-sized database, measured on the 2-core machine).
   */
  static final int MAX_ROWS = 32;
  private static final String SEQUENCE = "sqlite_sequence";

  /** One table's copy statements, and its row count in the image. */
  private record Table(String name, int rank, long rows, int columns, String select, String update, String insert, String delete,
      String count) {}

  private final Map<String, Table> tables;
  private final long schemaVersion;
  private final boolean sequence;
  /** Why no row copy is possible in this environment at all; null when it is. */
  private final String unsupported;

  private ForkPlan(Map<String, Table> tables, long schemaVersion, boolean sequence, String unsupported) {
    this.tables = tables;
    this.schemaVersion = schemaVersion;
    this.sequence = sequence;
    this.unsupported = unsupported;
  }

  /** Reads the image's tables, columns and foreign keys. */
  static ForkPlan of(byte[] image) {
    try (SQLiteConnection c = Sqlite.openImage(image); Statement st = c.createStatement()) {
      long version;
      try (ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
        version = rs.getLong(1);
      }
      List<String> names = new ArrayList<>();
      String unsupported = null;
      boolean sequence = false;
      try (ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")) {
        while (rs.next()) {
          String name = rs.getString(1);
          String sql = rs.getString(2);
          if (name.equals(SEQUENCE)) sequence = true;
          else if (sql != null && sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14)) unsupported = "virtual table '" + name + "'";
          else if (!name.startsWith("sqlite_")) names.add(name);
        }
      }
      Map<String, List<String>> parents = new HashMap<>();
      Map<String, List<String>> columns = new HashMap<>();
      Set<String> withoutRowid = new java.util.HashSet<>();
      for (String t : names) {
        List<String> cols = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name, hidden FROM pragma_table_xinfo(" + literal(t) + ")")) {
          while (rs.next()) if (rs.getInt(2) == 0) cols.add(rs.getString(1));
        }
        columns.put(t, cols);
        List<String> ps = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(" + literal(t) + ")")) {
          while (rs.next()) ps.add(rs.getString(1));
        }
        parents.put(t, ps);
        try (ResultSet rs = st.executeQuery("SELECT wr FROM pragma_table_list(" + literal(t) + ") WHERE schema = 'main'")) {
          if (rs.next() && rs.getInt(1) != 0) withoutRowid.add(t);
        }
      }
      Map<String, Table> tables = new LinkedHashMap<>();
      List<String> order = topological(names, parents);
      for (int rank = 0; rank < order.size(); rank++) {
        String t = order.get(rank);
        String rowid = rowidName(columns.get(t));
        if (rowid == null || withoutRowid.contains(t)) continue; // its changes make a fork copy the whole database
        long rows;
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(t))) {
          rows = rs.getLong(1);
        }
        tables.put(t, table(t, rank, rows, rowid, columns.get(t)));
      }
      return new ForkPlan(Map.copyOf(tables), version, sequence, unsupported);
    } catch (SQLException e) {
      LOG.warn("cannot read the initial database's tables for row-level forks ({}); forks copy the whole database", e.getMessage());
      return new ForkPlan(Map.of(), -1, false, "the tables could not be read: " + e.getMessage());
    }
  }

  private static Table table(String name, int rank, long rows, String rowid, List<String> cols) {
    String q = quote(name);
    StringBuilder list = new StringBuilder();
    StringBuilder set = new StringBuilder();
    StringBuilder marks = new StringBuilder("?");
    for (String col : cols) {
      list.append(", ").append(quote(col));
      if (set.length() > 0) set.append(", ");
      set.append(quote(col)).append(" = ?");
      marks.append(", ?");
    }
    return new Table(name, rank, rows, cols.size(),
        "SELECT " + rowid + list + " FROM " + q + " WHERE " + rowid + " = ?",
        "UPDATE " + q + " SET " + set + " WHERE " + rowid + " = ?",
        "INSERT INTO " + q + " (" + rowid + list + ") VALUES (" + marks + ")",
        "DELETE FROM " + q + " WHERE " + rowid + " = ?",
        "SELECT count(*) FROM " + q);
  }

  /** A name for the rowid that no column shadows, or null. */
  private static String rowidName(List<String> cols) {
    for (String candidate : List.of("rowid", "_rowid_", "oid")) {
      if (cols.stream().noneMatch(c -> c.equalsIgnoreCase(candidate))) return candidate;
    }
    return null;
  }

  /** Tables ordered so that referenced ones come first (a cycle keeps declaration order). */
  private static List<String> topological(List<String> names, Map<String, List<String>> parents) {
    List<String> out = new ArrayList<>();
    Set<String> done = new java.util.HashSet<>();
    boolean progress = true;
    while (out.size() < names.size() && progress) {
      progress = false;
      for (String t : names) {
        if (done.contains(t)) continue;
        boolean ready = parents.get(t).stream().allMatch(p -> p.equalsIgnoreCase(t) || done.contains(p) || !names.contains(p));
        if (ready) {
          out.add(t);
          done.add(t);
          progress = true;
        }
      }
    }
    for (String t : names) if (!done.contains(t)) out.add(t);
    return out;
  }

  /**
   * A connection of {@code connections} (those of environment {@code environment}, for messages) holding a row copy
   * of {@code from}'s state, or null when the rows cannot be copied faithfully (the caller copies the whole database
   * instead).
   */
  HandleConnection rowCopy(HandleConnections connections, String environment, HandleConnection from) {
    HandleConnection child = null;
    try {
      if (!copyable(from)) return null;
      child = connections.initial();
      child.tx.open();
      if (copy(from, child)) return child;
    } catch (SQLException e) {
      LOG.debug("environment '{}': a row copy failed ({}); the fork copies the whole database", environment, e.getMessage());
      from.forgetStatements();
      if (child != null) child.forgetStatements();
    }
    if (child != null) connections.release(child, child.rollBackToInitial());
    return null;
  }

  /**
   * Copies into {@code to} (at the initial image, its episode transaction open) the rows in which
   * {@code from} differs from the image; call only when {@link #copyable} said yes. Returns false when a row copy cannot reproduce
   * {@code from}; {@code to} may then hold part of the copy, and the caller discards its episode.
   * An {@link SQLException} (a constraint the copy order meets) means the same.
   */
  boolean copy(HandleConnection from, HandleConnection to) throws SQLException {
    Map<String, Set<Long>> changed = from.log.rows();
    List<Table> dirty = new ArrayList<>();
    for (String name : changed.keySet()) {
      if (name.equals(SEQUENCE)) continue;
      Table t = tables.get(name);
      if (t == null) {
        LOG.debug("fork copies the whole database: table '{}' has no rowid copy", name);
        return false;
      }
      dirty.add(t);
    }
    dirty.sort((a, b) -> Integer.compare(a.rank, b.rank));
    Map<String, Map<Long, Object[]>> source = new HashMap<>();
    for (Table t : dirty) source.put(t.name, read(from, t, changed.get(t.name)));
    long totalBefore = to.totalChanges();
    long eventsBefore = to.log.events();
    long direct = 0;
    Map<String, Long> rows = new HashMap<>(); // each copied table's row count in to, from the image's and what was inserted or deleted
    for (int i = dirty.size() - 1; i >= 0; i--) { // children first, so no cascade finds a row to act on
      Table t = dirty.get(i);
      PreparedStatement delete = to.statement(t.delete);
      for (Map.Entry<Long, Object[]> row : source.get(t.name).entrySet()) {
        if (row.getValue() != null) continue;
        delete.setLong(1, row.getKey());
        int n = delete.executeUpdate();
        direct += n;
        rows.merge(t.name, (long) -n, Long::sum);
      }
    }
    for (Table t : dirty) { // parents first, so each row finds what it references
      PreparedStatement update = to.statement(t.update);
      for (Map.Entry<Long, Object[]> row : source.get(t.name).entrySet()) {
        Object[] v = row.getValue();
        if (v == null) continue;
        for (int c = 1; c <= t.columns; c++) update.setObject(c, v[c]);
        update.setLong(t.columns + 1, row.getKey());
        int n = update.executeUpdate();
        if (n == 0) {
          PreparedStatement insert = to.statement(t.insert);
          for (int c = 0; c <= t.columns; c++) insert.setObject(c + 1, v[c]);
          n = insert.executeUpdate();
          rows.merge(t.name, (long) n, Long::sum);
        }
        direct += n;
      }
    }
    if (to.totalChanges() - totalBefore != direct || to.log.events() - eventsBefore != direct) {
      LOG.debug("fork copies the whole database: copying rows made SQLite change other rows too (a trigger or a foreign key action)");
      return false;
    }
    for (Table t : dirty) {
      if (count(from, t) != t.rows + rows.getOrDefault(t.name, 0L)) {
        LOG.debug("fork copies the whole database: table '{}' lost rows the change log did not see", t.name);
        return false;
      }
    }
    if (sequence) copySequence(from, to);
    to.log.settle();
    return true;
  }

  /**
   * Whether {@code from}'s changes can be copied row by row at all (checked before a connection is
   * taken for the copy; {@link #copy} may still find that they cannot).
   */
  boolean copyable(HandleConnection from) throws SQLException {
    String why = refusal(from);
    if (why != null) LOG.debug("fork copies the whole database: {}", why);
    return why == null;
  }

  /** Why {@code from}'s changes cannot be copied row by row, or null. */
  private String refusal(HandleConnection from) throws SQLException {
    if (unsupported != null) return "the environment has a " + unsupported;
    if (!from.log.complete()) {
      return "the change log does not account for every change (a foreign image, a truncation, a WITHOUT ROWID table, "
          + "or more than " + MAX_ROWS + " changed rows)";
    }
    try (ResultSet rs = from.statement("PRAGMA schema_version").executeQuery()) {
      if (rs.getLong(1) != schemaVersion) return "the schema changed";
    }
    return null;
  }

  /** The source's current values of the given rows (rowid first), null for rows it no longer has. */
  private static Map<Long, Object[]> read(HandleConnection from, Table t, Set<Long> rowids) throws SQLException {
    Map<Long, Object[]> out = new LinkedHashMap<>();
    PreparedStatement select = from.statement(t.select);
    for (long id : rowids) {
      select.setLong(1, id);
      Object[] v = null;
      try (ResultSet rs = select.executeQuery()) {
        if (rs.next()) {
          v = new Object[t.columns + 1];
          for (int c = 0; c <= t.columns; c++) v[c] = rs.getObject(c + 1);
        }
      }
      out.put(id, v);
    }
    return out;
  }

  private static long count(HandleConnection c, Table t) throws SQLException {
    try (ResultSet rs = c.statement(t.count).executeQuery()) {
      return rs.getLong(1);
    }
  }

  /** AUTOINCREMENT counters change without the update hook hearing of it: copy them all. */
  private static void copySequence(HandleConnection from, HandleConnection to) throws SQLException {
    Map<String, Long> want = sequences(from);
    if (want.equals(sequences(to))) return;
    try (Statement st = to.connection.createStatement()) {
      st.executeUpdate("DELETE FROM " + SEQUENCE);
    }
    PreparedStatement insert = to.statement("INSERT INTO " + SEQUENCE + " (name, seq) VALUES (?, ?)");
    for (Map.Entry<String, Long> e : want.entrySet()) {
      insert.setString(1, e.getKey());
      insert.setLong(2, e.getValue());
      insert.executeUpdate();
    }
  }

  private static Map<String, Long> sequences(HandleConnection c) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    try (ResultSet rs = c.statement("SELECT name, seq FROM " + SEQUENCE).executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
    }
    return out;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  @Override
  public String toString() {
    return unsupported != null ? "ForkPlan[whole copies: " + unsupported + "]"
        : "ForkPlan[" + tables.size() + " tables" + (sequence ? ", with AUTOINCREMENT" : "") + "]";
  }
}
