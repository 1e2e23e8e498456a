package dev.awm.core;

import java.util.List;
import java.util.Objects;

/**
 * One table of a database schema, as in {@code gen_db.jsonl}.
 *
 * @param name the table name
 * @param ddl the {@code CREATE TABLE} statement
 * @param indexes the {@code CREATE INDEX} statements for this table, in order
 */
public record TableSchema(String name, String ddl, List<String> indexes) {
  /**
   * Checks and normalizes the components.
   *
   * @param name the table name; not null
   * @param ddl the {@code CREATE TABLE} statement; not null
   * @param indexes the index statements, copied; null means none
   * @throws NullPointerException if {@code name} or {@code ddl} is null
   */
  public TableSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ddl, "ddl");
    indexes = indexes == null ? List.of() : List.copyOf(indexes);
  }
}
