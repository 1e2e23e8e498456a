package dev.awm.pipeline;

import dev.awm.core.Scenario;
import dev.awm.llm.EmbeddingModel;
import java.util.List;

/**
 * How stage 1 grows a set of scenarios from seeds (the reference {@code seed_scenario.jsonl} shape:
 * name, description).
 *
 * @param seeds example scenarios shown to the model; new ones must differ from them
 * @param targetCount how many scenarios to end with
 * @param similarityThreshold a candidate whose embedding has at least this cosine similarity to an
 *     accepted scenario or a seed is a near-duplicate; {@link #MODEL_THRESHOLD} (the default): the
 *     embedding model's own ({@link EmbeddingModel#duplicateThreshold()}: 0.85 for an embeddings
 *     API, whose scale the reference implementation's 0.85 was set for; lower for a small model)
 * @param minSuitability the lowest classifier score (1-10) kept (default 7)
 * @param maxCategoryShare the largest share of the target one category may take (default 0.25)
 * @param batchSize candidates asked for per request (default 10)
 * @param maxRounds requests for candidates before giving up on the target (default target/batch*4+4)
 * @param keepSeeds the reference implementation's layout (default false): the seeds are classified
 *     (those that carry no {@code suitability_level} yet), written first into gen_scenario.jsonl
 *     whatever their score, and counted in {@code targetCount}; false: the seeds are only examples,
 *     and {@code targetCount} new scenarios are generated
 */
public record ScenarioGeneration(List<Scenario> seeds, int targetCount, double similarityThreshold, int minSuitability,
    double maxCategoryShare, int batchSize, int maxRounds, boolean keepSeeds) {
  /** The {@code similarityThreshold} that leaves the threshold to the embedding model (NaN). */
  public static final double MODEL_THRESHOLD = Double.NaN;

  /**
   * Checks the components.
   *
   * @param seeds the seeds, copied; at least one
   * @param targetCount at least 1
   * @param similarityThreshold a cosine similarity, or {@link #MODEL_THRESHOLD}
   * @param minSuitability 1 to 10
   * @param maxCategoryShare a share, 0 to 1
   * @param batchSize candidates per request
   * @param maxRounds requests before giving up
   * @param keepSeeds whether the seeds are kept as scenarios of the run
   * @throws IllegalArgumentException if there is no seed or {@code targetCount} is less than 1
   */
  public ScenarioGeneration {
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) throw new IllegalArgumentException("scenario generation needs seed scenarios");
    if (targetCount < 1) throw new IllegalArgumentException("targetCount must be >= 1");
  }

  /**
   * The seeds as examples only ({@code keepSeeds} false).
   *
   * @param seeds example scenarios; at least one
   * @param targetCount how many new scenarios to generate; at least 1
   * @param similarityThreshold the near-duplicate threshold, or {@link #MODEL_THRESHOLD}
   * @param minSuitability the lowest classifier score kept (1-10)
   * @param maxCategoryShare the largest share of the target one category may take
   * @param batchSize candidates asked for per request
   * @param maxRounds requests for candidates before giving up
   */
  public ScenarioGeneration(List<Scenario> seeds, int targetCount, double similarityThreshold, int minSuitability,
      double maxCategoryShare, int batchSize, int maxRounds) {
    this(seeds, targetCount, similarityThreshold, minSuitability, maxCategoryShare, batchSize, maxRounds, false);
  }

  /**
   * This generation with {@link #keepSeeds()} set to {@code keep}.
   *
   * @param keep whether the seeds are kept as scenarios of the run
   * @return a copy with {@code keepSeeds} set
   */
  public ScenarioGeneration withSeedsKept(boolean keep) {
    return new ScenarioGeneration(seeds, targetCount, similarityThreshold, minSuitability, maxCategoryShare, batchSize, maxRounds, keep);
  }

  /**
   * The defaults for {@code seeds} and {@code targetCount}.
   *
   * @param seeds example scenarios; at least one
   * @param targetCount how many new scenarios to generate; at least 1
   * @return the generation with the model's threshold, suitability 7, category share 0.25, batches of 10
   */
  public static ScenarioGeneration of(List<Scenario> seeds, int targetCount) {
    int batch = 10;
    return new ScenarioGeneration(seeds, targetCount, MODEL_THRESHOLD, 7, 0.25, batch, targetCount / batch * 4 + 4);
  }

  /**
   * The threshold in force with {@code embeddings}: {@link #similarityThreshold()}, or the model's own when
   * that is {@link #MODEL_THRESHOLD}.
   *
   * @param embeddings the embedding model used
   * @return the cosine similarity from which two scenarios are near-duplicates
   */
  public double similarityThreshold(EmbeddingModel embeddings) {
    return Double.isNaN(similarityThreshold) ? embeddings.duplicateThreshold() : similarityThreshold;
  }
}
