package dev.awm.core;

import java.util.List;

/**
 * The SQLite schema of an environment: its tables in creation order (the {@code db_schema} of a
 * {@code gen_db.jsonl} row).
 *
 * @param tables the tables, in the order they are created
 */
public record DatabaseSchema(List<TableSchema> tables) {
  /**
   * Copies the tables.
   *
   * @param tables the tables; null means none
   */
  public DatabaseSchema {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** {@return every DDL and index statement, in the order they are run to create the database} */
  public List<String> statements() {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (TableSchema t : tables) {
      out.add(t.ddl());
      out.addAll(t.indexes());
    }
    return List.copyOf(out);
  }
}
