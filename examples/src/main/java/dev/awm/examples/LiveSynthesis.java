package dev.awm.examples;

import dev.awm.core.Scenario;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.PipelineResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Synthesis with a live model: one new scenario through every stage. Runs when a model is
 * configured by the environment variables; otherwise says exactly which to set and exits 0.
 */
public final class LiveSynthesis {
  static final String HOW = "To run this example against a live model, set:\n"
      + "  OPENAI_API_KEY=...            (and OPENAI_BASE_URL=http://host:8000/v1 for vLLM or another compatible server)\n"
      + "  AWM_SYN_OVERRIDE_MODEL=...    (the model, for example gpt-5)\n"
      + "or, for Azure OpenAI: AWM_SYN_LLM_PROVIDER=azure, AZURE_ENDPOINT_URL, AZURE_OPENAI_API_KEY and AWM_SYN_OVERRIDE_MODEL.\n";

  private LiveSynthesis() {}

  /** Runs the example with {@code env} as the environment variables; returns the exit code. */
  public static int run(Map<String, String> env, StringBuilder log) throws Exception {
    if (!LlmConfig.configuredIn(env)) {
      log.append("No model is configured, so nothing was synthesized.\n").append(HOW);
      return 0;
    }
    Path out = Files.createTempDirectory("awm-live-");
    try (OpenAiClient client = OpenAiClient.create(LlmConfig.fromEnvironment(env))) {
      PipelineResult r = Pipeline.scenario(new Scenario("Community Garden Plots",
              "Gardeners reserve plots, log plantings and harvests, borrow shared tools and sign up for watering shifts."))
          .model(client).outputDir(out).configure(o -> o.tasksPerScenario(5)).all().run();
      log.append(r.summary().describe()).append("output: ").append(out).append('\n');
      return r.gaveUp().isEmpty() ? 0 : 1;
    }
  }

  public static void main(String[] args) throws Exception {
    StringBuilder log = new StringBuilder();
    int code = run(System.getenv(), log);
    System.out.print(log);
    System.exit(code);
  }
}
