package dev.awm.pipeline;

import dev.awm.core.EnvironmentDefinition;
import java.util.List;
import java.util.Map;

/**
 * What a run produced.
 *
 * @param definitions the run's scenarios as they stand in the output directory (complete up to the
 *     requested stages unless given up), ready for {@code Environment.of}
 * @param gaveUp scenarios that stopped at a stage, with the reason
 * @param summary counters, tokens and reasons
 */
public record PipelineResult(List<EnvironmentDefinition> definitions, Map<String, String> gaveUp, PipelineSummary summary) {
  /**
   * Copies the components.
   *
   * @param definitions the definitions; not null
   * @param gaveUp the scenarios given up; not null
   * @param summary the summary
   */
  public PipelineResult {
    definitions = List.copyOf(definitions);
    gaveUp = Map.copyOf(gaveUp);
  }
}
