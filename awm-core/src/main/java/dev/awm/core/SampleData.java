package dev.awm.core;

import java.util.ArrayList;
import java.util.List;

/** The initial rows of an environment's database, table by table, in insertion order. */
public record SampleData(List<TableRows> tables) {
  public SampleData {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** Every insert statement in the order it is run. */
  public List<String> statements() {
    List<String> out = new ArrayList<>();
    for (TableRows t : tables) out.addAll(t.insertStatements());
    return List.copyOf(out);
  }
}
