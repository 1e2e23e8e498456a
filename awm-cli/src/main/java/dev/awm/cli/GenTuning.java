package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.Scenario;
import dev.awm.pipeline.PipelineOptions;
import dev.awm.pipeline.PipelineResult;
import dev.awm.pipeline.ScenarioGeneration;
import dev.awm.runtime.Environment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Option;

/**
 * The reference CLI's tuning options of {@code gen} (its stage configurations' fields), accepted
 * under the reference's names so that its scripts run unchanged, each mapped to what it means here.
 */
final class GenTuning {
  @Option(names = {"--database_dir", "--database-dir"}, description = "Also write each finished environment's initial database "
      + "to DIR/<scenario>.db, as the reference does (here the databases live in memory; the files are for inspection).")
  Path databaseDir;

  @Option(names = {"--error_threshold", "--error-threshold"}, description = "gen sample: the largest share of sample inserts "
      + "that may still fail after the retries for the sample data to be kept (default 0.1; any failure is retried first).")
  Double errorThreshold;

  @Option(names = "--limit", description = "Work on the first N scenarios only (after --shuffle).")
  Integer limit;

  @Option(names = "--shuffle", arity = "0..1", fallbackValue = "true", description = "Shuffle the scenarios before --limit "
      + "(with a fixed seed, so that a rerun resumes the same ones).")
  boolean shuffle;

  @Option(names = "--temperature", description = "Sampling temperature of the generation requests (a preference: a model "
      + "that accepts only its default gets that).")
  Double temperature;

  @Option(names = {"--scenarios_per_request", "--scenarios-per-request"}, description = "gen scenario: candidates asked for per request (default 10).")
  Integer perRequest;

  @Option(names = {"--num_parallel_requests", "--num-parallel-requests"}, description = "gen scenario: candidate requests sent "
      + "at once (the same as --concurrency).")
  Integer parallelRequests;

  @Option(names = {"--embedding_similarity_threshold", "--embedding-similarity-threshold"}, description = "gen scenario: the "
      + "cosine similarity at which a candidate is a near-duplicate (default 0.85).")
  Double similarity;

  @Option(names = {"--max_per_category", "--max-per-category"}, description = "gen scenario: scenarios one category may take "
      + "at most (default: a quarter of the target).")
  Integer maxPerCategory;

  @Option(names = {"--keep_seeds", "--keep-seeds"}, arity = "0..1", fallbackValue = "true", description = "gen scenario: the "
      + "reference's layout: the seeds are classified, written first into gen_scenario.jsonl and counted in --target_count "
      + "(default: the seeds are only examples and --target_count new scenarios are made). The seed file is never rewritten.")
  boolean keepSeeds;

  @Option(names = "--resume", arity = "0..1", fallbackValue = "true", description = "Accepted for the reference's scripts: a run "
      + "always resumes from what its output already holds (remove the output to start over).")
  boolean resume;

  /** The scenario generation settings with the options given. */
  ScenarioGeneration generation(List<Scenario> seeds, int target) {
    ScenarioGeneration d = ScenarioGeneration.of(seeds, target);
    int batch = perRequest != null ? perRequest : d.batchSize();
    if (batch < 1) throw new IllegalArgumentException("--scenarios_per_request must be >= 1");
    double share = maxPerCategory != null ? Math.min(1.0, maxPerCategory / (double) target) : d.maxCategoryShare();
    double sim = similarity != null ? similarity : d.similarityThreshold();
    if (sim <= 0 || sim > 1) throw new IllegalArgumentException("--embedding_similarity_threshold must be in (0, 1]: " + sim);
    return new ScenarioGeneration(seeds, target, sim, d.minSuitability(), share, batch, target / batch * 4 + 4, keepSeeds);
  }

  /** Applies the pipeline options given; {@code concurrency} is the --concurrency value. */
  void configure(PipelineOptions.Builder o, int concurrency, boolean concurrencyGiven) {
    if (parallelRequests != null) {
      if (concurrencyGiven && parallelRequests != concurrency) {
        throw new IllegalArgumentException("give --concurrency or --num_parallel_requests, not both");
      }
      o.concurrency(parallelRequests);
    }
    if (errorThreshold != null) {
      if (errorThreshold < 0 || errorThreshold > 1) throw new IllegalArgumentException("--error_threshold must be in [0, 1]: " + errorThreshold);
      o.maxFailedInsertRatio(errorThreshold);
    }
    if (temperature != null) o.temperature(temperature);
  }

  /** {@code scenarios} shuffled and cut to --limit, as asked. */
  List<Scenario> select(List<Scenario> scenarios) {
    List<Scenario> out = new ArrayList<>(scenarios);
    if (shuffle) Collections.shuffle(out, new Random(42));
    if (limit != null) {
      if (limit < 1) throw new IllegalArgumentException("--limit must be >= 1");
      if (limit < out.size()) out = out.subList(0, limit);
    }
    return out;
  }

  /** With --database_dir: writes every finished environment's initial database there. */
  void writeDatabases(PipelineResult r, PrintWriter out) throws IOException {
    if (databaseDir == null) return;
    Files.createDirectories(databaseDir);
    for (EnvironmentDefinition d : r.definitions()) {
      if (d.schema() == null || d.sampleData() == null) continue;
      Path file = databaseDir.resolve(d.name() + ".db");
      try {
        Files.write(file, Environment.of(d.toBuilder().spec(null).toolCode(null).build()).initialImage());
        out.println("wrote " + file);
      } catch (RuntimeException e) {
        out.println("could not write " + file + ": " + e.getMessage());
      }
    }
  }
}
