package dev.awm.runtime.api;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * The database as tool code sees it: parameterized SQL on the handle's own SQLite database, one
 * statement per call, {@code ?} placeholders bound to {@code params} in order.
 *
 * <p>Rows are {@code Map}s from column label to value, in column order. Values are {@link Long}
 * (INTEGER), {@link Double} (REAL), {@link String} (TEXT), {@code byte[]} (BLOB) or null.
 * Transactions belong to the runtime: statements that control them ({@code BEGIN}, {@code COMMIT},
 * {@code SAVEPOINT}, ...) and {@code ATTACH}, {@code DETACH}, {@code PRAGMA}, {@code VACUUM} are
 * refused with a {@link DbException}. Any failure is a {@link DbException} carrying SQLite's message;
 * if tool code lets it escape, the call fails and everything it wrote is rolled back.
 *
 * <p>Parameters are strings, numbers, booleans (bound as 1 or 0), {@code byte[]}, lists or maps
 * (bound as JSON text) or null; anything else is refused. A query returns at most the
 * environment's row limit (10,000 by default) and fails with a {@link DbException} past it.
 *
 * <p>Time stands still in an environment: {@link #now()} is its simulated now, the same on every
 * day it runs, and SQLite's {@code 'now'} and {@code CURRENT_TIMESTAMP} give the same moment (UTC).
 * Generated code reads the time only here: the wall clock ({@code LocalDate.now()},
 * {@code System.currentTimeMillis()}, ...) is refused when it is compiled.
 */
public interface Db {
  /**
   * All rows of a query.
   *
   * @param sql one SQL statement with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order
   * @return the rows, in order; empty if none
   * @throws DbException if the statement fails or passes the row limit
   */
  List<Map<String, Object>> query(String sql, Object... params);

  /**
   * The first row of a query, or null when it has none.
   *
   * @param sql one SQL statement with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order
   * @return the first row, or null
   * @throws DbException if the statement fails
   */
  Map<String, Object> queryOne(String sql, Object... params);

  /**
   * The first column of the first row, or null when there is no row.
   *
   * @param sql one SQL statement with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order
   * @return the value, or null
   * @throws DbException if the statement fails
   */
  Object scalar(String sql, Object... params);

  /**
   * Runs an INSERT, UPDATE, DELETE (or DDL) and returns the number of rows it changed.
   *
   * @param sql one SQL statement with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order
   * @return the number of rows changed
   * @throws DbException if the statement fails or is refused
   */
  int update(String sql, Object... params);

  /**
   * Runs an INSERT and returns the rowid of the inserted row.
   *
   * @param sql one {@code INSERT} statement with {@code ?} placeholders
   * @param params the values bound to the placeholders, in order
   * @return the rowid of the inserted row
   * @throws DbException if the statement fails or is refused
   */
  long insert(String sql, Object... params);

  /**
   * {@return the environment's simulated current date and time (UTC): what "now" and "today" mean in its
   * tasks}
   */
  LocalDateTime now();

  /** {@return the date of {@link #now()}} */
  default LocalDate today() {
    return now().toLocalDate();
  }
}
