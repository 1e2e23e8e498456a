package dev.awm.mcp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Tool calls and failed calls (results with {@code isError}) of a server, by environment. Thread-safe. */
final class ServerStats {
  private final Map<String, LongAdder[]> byEnvironment = new ConcurrentHashMap<>();
  /** The sessions' run directories, when the server keeps them (null: none). */
  volatile SessionRuns runs;

  /** Counts one call of environment {@code name}'s tools. */
  void called(String name, boolean error) {
    LongAdder[] c = byEnvironment.computeIfAbsent(name, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    c[0].increment();
    if (error) c[1].increment();
  }

  /** Calls by environment name. */
  Map<String, Long> calls() {
    return column(0);
  }

  /** Failed calls by environment name. */
  Map<String, Long> errors() {
    return column(1);
  }

  private Map<String, Long> column(int i) {
    Map<String, Long> out = new TreeMap<>();
    byEnvironment.forEach((k, v) -> out.put(k, v[i].sum()));
    return out;
  }
}
