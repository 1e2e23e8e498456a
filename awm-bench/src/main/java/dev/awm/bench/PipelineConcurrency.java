package dev.awm.bench;

import dev.awm.llm.ScriptedModel;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineResult;
import dev.awm.pipeline.StarterScript;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pipeline's concurrency: 24 scenarios (copies of the starter scenarios) synthesized through
 * every stage with a scripted model that waits 200 ms per call, at concurrency 8. Prints the wall
 * time against the ideal (calls x 200 ms / 8). A plain timed run, not JMH: one run takes seconds.
 * Run: {@code java -cp awm-bench/target/benchmarks.jar dev.awm.bench.PipelineConcurrency [delayMs] [concurrency]}.
 */
public final class PipelineConcurrency {
  private PipelineConcurrency() {}

  public static void main(String[] args) throws Exception {
    long delay = args.length > 0 ? Long.parseLong(args[0]) : 200;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int copies = 8;
    ScriptedModel model = StarterScript.builder(copies).delayMillis(delay).build();
    Path out = Files.createTempDirectory("awm-bench-pipeline-");
    long start = System.nanoTime();
    PipelineResult r = Pipeline.scenarios(StarterScript.copies(copies)).model(model).outputDir(out)
        .configure(o -> o.concurrency(concurrency)).all().run();
    double wall = (System.nanoTime() - start) / 1e9;
    double ideal = model.calls() * delay / 1000.0 / concurrency;
    System.out.printf("%d scenarios, %d gave up, %d model calls of %d ms at concurrency %d%n", r.definitions().size(),
        r.gaveUp().size(), model.calls(), delay, concurrency);
    System.out.printf("wall %.1f s, ideal %.1f s: %.2fx the ideal%n", wall, ideal, wall / ideal);
  }
}
