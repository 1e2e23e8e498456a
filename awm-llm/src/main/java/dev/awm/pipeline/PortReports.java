package dev.awm.pipeline;

import dev.awm.core.internal.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The port's report, {@code port_report.jsonl} in the output directory: a line per environment,
 * tool and verifier, appended as each is decided. It describes the latest run; the previous run's
 * is kept as {@code port_report.previous.jsonl}. Thread-safe.
 */
final class PortReports {
  static final String FILE = "port_report.jsonl";
  static final String PREVIOUS = "port_report.previous.jsonl";

  private final OutputStore store;
  private final List<PortReport> lines = new ArrayList<>();

  PortReports(Path dir, OutputStore store) {
    this.store = store;
    Path report = dir.resolve(FILE);
    try {
      if (Files.exists(report)) Files.move(report, dir.resolve(PREVIOUS), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + report + " aside: " + e.getMessage(), e);
    }
  }

  synchronized void add(PortReport r) {
    lines.add(r);
    store.append(FILE, (tools.jackson.databind.node.ObjectNode) JsonValues.toNode(r.toJson()));
  }

  synchronized List<PortReport> lines() {
    return List.copyOf(lines);
  }
}
