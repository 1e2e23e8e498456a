package dev.awm.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The initial rows of an environment's database, table by table, in insertion order (the
 * {@code sample_data} of a {@code gen_sample.jsonl} row).
 *
 * @param tables the rows of each table, in the order they are inserted
 */
public record SampleData(List<TableRows> tables) {
  /**
   * Copies the tables.
   *
   * @param tables the rows by table; null means none
   */
  public SampleData {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** {@return every insert statement of every table, in the order it is run} */
  public List<String> statements() {
    List<String> out = new ArrayList<>();
    for (TableRows t : tables) out.addAll(t.insertStatements());
    return List.copyOf(out);
  }
}
