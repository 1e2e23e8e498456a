package dev.awm.core;

import java.util.List;
import java.util.Objects;

/**
 * The sample rows of one table, as in the {@code sample_data} of a {@code gen_sample.jsonl} row.
 *
 * @param tableName the table the statements insert into
 * @param reasoning the model's note on how these rows support the tasks (may be empty)
 * @param insertStatements one {@code INSERT} statement per element, run in order
 */
public record TableRows(String tableName, String reasoning, List<String> insertStatements) {
  /**
   * Checks and normalizes the components.
   *
   * @param tableName the table; not null
   * @param reasoning the note; null becomes empty
   * @param insertStatements the statements, copied; null means none
   * @throws NullPointerException if {@code tableName} is null
   */
  public TableRows {
    Objects.requireNonNull(tableName, "tableName");
    reasoning = reasoning == null ? "" : reasoning;
    insertStatements = insertStatements == null ? List.of() : List.copyOf(insertStatements);
  }
}
