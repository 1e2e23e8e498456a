package dev.awm.pipeline;

import dev.awm.core.EnvironmentDefinition;
import java.util.List;

/**
 * What a port run produced.
 *
 * @param definitions the ported environments now in the output directory (Java tool code and verifiers)
 * @param reports the report lines of this run, as written to {@code port_report.jsonl}
 * @param summary model calls, tokens, replays
 * @param python the interpreter that ran the originals, or empty when the differential check was skipped
 * @param pythonMissing why there was no interpreter (empty when there was one)
 */
public record PortResult(List<EnvironmentDefinition> definitions, List<PortReport> reports, PipelineSummary summary, String python,
    String pythonMissing) {
  /**
   * Copies the lists.
   *
   * @param definitions the ported environments
   * @param reports a line per environment, tool and verifier
   * @param summary the run's counts and reasons
   * @param python the interpreter that ran the originals, or empty
   * @param pythonMissing why there was no interpreter, or empty
   */
  public PortResult {
    definitions = List.copyOf(definitions);
    reports = List.copyOf(reports);
  }

  /** {@return whether the differential check against the Python originals ran} */
  public boolean checked() {
    return pythonMissing.isEmpty();
  }

  /** {@return whether everything ported and matched its original wherever it was compared} */
  public boolean clean() {
    return reports.stream().allMatch(PortReport::clean);
  }
}
