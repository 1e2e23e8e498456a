package dev.awm.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.AwmDirectory;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.Scenario;
import dev.awm.llm.EmbeddingModel;
import dev.awm.llm.HashingEmbeddings;
import dev.awm.llm.ScriptedModel;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineResult;
import dev.awm.pipeline.ScenarioGeneration;
import dev.awm.pipeline.Stage;
import dev.awm.pipeline.StarterScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stage 1 of the pipeline with a scripted model and the real in-process model: candidates that
 * reword a seed or an accepted scenario are rejected as near-duplicates at the model's own
 * threshold (what {@link ScenarioGeneration#of} leaves to it), different apps are kept.
 */
class ScenarioDeduplicationTest {
  /** Candidates in the order the scripted model proposes them; the rewordings must be rejected. */
  private static final List<String> CANDIDATES = List.of("Recipe Share", "Community Cookbook", "FleetCare Maintenance Tracker",
      "Online Store", "BrightSmile Dental Scheduling", "SkyBook Flights", "AirReserve");

  private static ScriptedModel model() {
    List<Object> proposed = new ArrayList<>();
    ScriptedModel.Builder b = ScriptedModel.builder();
    for (String name : CANDIDATES) {
      Scenario s = TestScenarios.named(name);
      proposed.add(Map.of("name", s.name(), "description", s.description()));
      // every candidate suitable and in a category of its own: only the embeddings can reject one
      b.answer("classify", s.key(), JsonValues.write(Map.of("suitability_score", 9, "suitability_level", "high",
          "categories", List.of(s.key()), "reasoning", "stateful records")));
    }
    return b.answer(Stage.SCENARIOS.key(), "", JsonValues.write(Map.of("scenarios", proposed))).build();
  }

  private static PipelineResult generate(Path out, EmbeddingModel embeddings, int target) {
    // the CLI's seeds: the starter pack's e-commerce, calendar booking and project tracker scenarios
    ScenarioGeneration g = ScenarioGeneration.of(StarterScript.scenarios(), target);
    ScenarioGeneration oneRound = new ScenarioGeneration(g.seeds(), target, g.similarityThreshold(), g.minSuitability(), 1.0,
        g.batchSize(), 1);
    return Pipeline.seeds(oneRound).model(model()).outputDir(out).configure(o -> o.embeddings(embeddings))
        .stages(Stage.SCENARIOS).run();
  }

  @Test
  void rewordedCandidatesAreRejectedAsNearDuplicates(@TempDir Path out) throws Exception {
    MiniLmEmbeddings miniLm = new MiniLmEmbeddings();
    assertThat(ScenarioGeneration.of(StarterScript.scenarios(), 4).similarityThreshold(miniLm))
        .isEqualTo(MiniLmEmbeddings.DUPLICATE_THRESHOLD);

    PipelineResult r = generate(out, miniLm, 5);

    // Community Cookbook rewords Recipe Share, Online Store the e-commerce seed, AirReserve SkyBook Flights
    assertThat(r.definitions()).extracting(d -> d.scenario().name())
        .containsExactly("Recipe Share", "FleetCare Maintenance Tracker", "BrightSmile Dental Scheduling", "SkyBook Flights");
    assertThat(r.summary().stage(Stage.SCENARIOS).in()).isEqualTo(CANDIDATES.size());
    assertThat(r.summary().stage(Stage.SCENARIOS).out()).isEqualTo(4);
    assertThat(r.summary().reasons()).anyMatch(why -> why.contains("reached 4 of 5"));
    assertThat(Files.readAllLines(out.resolve(AwmDirectory.SCENARIOS))).hasSize(4);
  }

  @Test
  void bagOfWordsAtTheDefaultThresholdLetsTheRewordingsThrough(@TempDir Path out) {
    // what the CLI did without an embedding key before: the same candidates, all taken as new
    PipelineResult r = generate(out, new HashingEmbeddings(), CANDIDATES.size());
    assertThat(r.definitions()).extracting(d -> d.scenario().name()).containsExactlyElementsOf(CANDIDATES);
  }
}
