package dev.awm.runtime;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.api.DbException;
import java.sql.SQLException;
import java.time.Duration;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;

/** Builds an environment's initial database once, in memory, and keeps its serialized image. */
final class DatabaseImage {
  /**
   * AWM databases hold many small tables (18 on average, about 7 rows each) and every table and
   * index takes at least one page: small pages keep the image, and each handle's copy, small.
   */
  static final int PAGE_SIZE = 1024;

  final byte[] bytes;
  final List<SkippedStatement> skipped;

  private DatabaseImage(byte[] bytes, List<SkippedStatement> skipped) {
    this.bytes = bytes;
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Runs the schema's DDL and indexes (any failure is fatal) and the sample inserts (a failure is
   * fatal when {@code strict}, else recorded and skipped), then serializes the database.
   */
  static DatabaseImage build(EnvironmentDefinition def, boolean strict, Duration statementTimeout) {
    List<SkippedStatement> skipped = new ArrayList<>();
    try (SQLiteConnection c = Sqlite.openMemory(); Statement st = c.createStatement()) {
      st.execute("PRAGMA page_size = " + PAGE_SIZE);
      SqliteGuard guard = SqliteGuard.install(c, def.simulatedNow());
      for (String sql : def.schema().statements()) {
        try {
          run(st, guard, sql, statementTimeout);
        } catch (SQLException | DbException e) {
          throw new EnvironmentBuildException(def.name(), "schema statement failed: " + e.getMessage()
              + "\n  statement: " + SqlGuard.abbreviate(sql), e);
        }
      }
      // no enclosing transaction: SQLite rolls a whole transaction back when a write is interrupted
      for (String sql : def.sampleData().statements()) {
        try {
          run(st, guard, sql, statementTimeout);
        } catch (SQLException | DbException e) {
          if (strict) {
            throw new EnvironmentBuildException(def.name(), "sample data statement failed: " + e.getMessage()
                + "\n  statement: " + SqlGuard.abbreviate(sql), e);
          }
          skipped.add(new SkippedStatement(sql, e.getMessage()));
        }
      }
      return new DatabaseImage(c.serialize("main"), skipped);
    } catch (SQLException e) {
      throw new EnvironmentBuildException(def.name(), "initial database could not be built: " + e.getMessage(), e);
    }
  }

  /**
   * The image of a SQLite database file given as the initial state (the reference's
   * {@code --db_path}): copied into memory with SQLite's backup, the file itself is never written.
   * It must be a SQLite database that has every table of the definition's schema.
   */
  static DatabaseImage fromFile(EnvironmentDefinition def, java.nio.file.Path file, Duration statementTimeout) {
    String path = file.toAbsolutePath().toString();
    if (!java.nio.file.Files.isRegularFile(file)) throw new EnvironmentBuildException(def.name(), "no such database file: " + path);
    if (path.indexOf('"') >= 0) throw new EnvironmentBuildException(def.name(), "a database file name may not contain '\"': " + path);
    if (!hasSqliteHeader(file)) {
      throw new EnvironmentBuildException(def.name(), "database file " + path + " cannot be read as SQLite: it does not start with the SQLite header");
    }
    try (SQLiteConnection c = Sqlite.openMemory(); Statement st = c.createStatement()) {
      try {
        st.executeUpdate("restore from \"" + path + "\"");
        java.util.Set<String> have = tables(st);
        java.util.Set<String> missing = new java.util.TreeSet<>(tables(def, statementTimeout));
        missing.removeAll(have);
        if (!missing.isEmpty()) {
          throw new EnvironmentBuildException(def.name(), "database file " + path + " lacks table(s) " + missing
              + " of the environment's schema: is it this scenario's database?");
        }
      } catch (SQLException e) {
        throw new EnvironmentBuildException(def.name(), "database file " + path + " cannot be read as SQLite: " + e.getMessage(), e);
      }
      return new DatabaseImage(c.serialize("main"), List.of());
    } catch (SQLException e) {
      throw new EnvironmentBuildException(def.name(), "initial database could not be loaded from " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasSqliteHeader(java.nio.file.Path file) {
    byte[] magic = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      return java.util.Arrays.equals(in.readNBytes(magic.length), magic);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The tables the definition's schema creates. */
  private static java.util.Set<String> tables(EnvironmentDefinition def, Duration timeout) throws SQLException {
    try (SQLiteConnection c = Sqlite.openMemory(); Statement st = c.createStatement()) {
      SqliteGuard guard = SqliteGuard.install(c, def.simulatedNow());
      for (String sql : def.schema().statements()) run(st, guard, sql, timeout);
      return tables(st);
    }
  }

  private static java.util.Set<String> tables(Statement st) throws SQLException {
    java.util.Set<String> out = new java.util.HashSet<>();
    try (java.sql.ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      while (rs.next()) out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  /**
   * Runs one statement of the definition: these are generated too, so they get the sandbox's SQL
   * rules (no transaction control, ATTACH, PRAGMA or VACUUM; SQLite's limits) and a time limit.
   */
  private static void run(Statement st, SqliteGuard guard, String sql, Duration timeout) throws SQLException {
    SqlGuard.refuseControl(sql);
    guard.deadlineIn(timeout);
    try {
      st.execute(sql);
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("interrupt")) {
        throw new SQLException("it ran longer than " + timeout.toMillis() + " ms (the time limit) and was stopped", e);
      }
      throw e;
    } finally {
      guard.noDeadline();
    }
  }
}
