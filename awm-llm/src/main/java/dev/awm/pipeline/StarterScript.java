package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.Challenge;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.Scenario;
import dev.awm.core.StarterPack;
import dev.awm.core.VerifierCode;
import dev.awm.llm.ScriptedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The offline default: a scripted model that answers every stage of the pipeline for the three
 * starter scenarios with the starter pack's own parts, in the reply formats the prompts ask for.
 * With it, synthesis runs end to end with no key and no network, and every stage's checks run for
 * real on what it "wrote".
 */
public final class StarterScript {
  private StarterScript() {}

  /** {@return the starter scenarios (name, description and simulated now only), the inputs of a synthesis run} */
  public static List<Scenario> scenarios() {
    List<Scenario> out = new ArrayList<>();
    for (EnvironmentDefinition d : StarterPack.definitions()) out.add(seed(d.scenario().name(), d));
    return out;
  }

  private static Scenario seed(String name, EnvironmentDefinition d) {
    return new Scenario(name, d.scenario().description()).withSimulatedNow(d.simulatedNow());
  }

  /** {@return a scripted model answering every stage for the starter scenarios} */
  public static ScriptedModel model() {
    return builder().build();
  }

  /**
   * The script as a builder, to add faulty first answers ({@link ScriptedModel.Builder#failFirst}) or
   * delays.
   *
   * @return a new builder with the starter script
   */
  public static ScriptedModel.Builder builder() {
    return builder(0);
  }

  /**
   * {@code copies} further scenarios per starter scenario ("E-commerce 1", "E-commerce 2", ...), each
   * answered like its original: for load and concurrency runs.
   *
   * @param copies how many copies of each starter scenario; 0 or more
   * @return the copies, named after their originals with a number
   */
  public static List<Scenario> copies(int copies) {
    List<Scenario> out = new ArrayList<>();
    for (int i = 1; i <= copies; i++) {
      for (EnvironmentDefinition d : StarterPack.definitions()) out.add(seed(d.scenario().name() + " " + i, d));
    }
    return out;
  }

  /**
   * The script for the starter scenarios and {@code copies} copies of each ({@link #copies}).
   *
   * @param copies how many copies of each starter scenario are answered as well
   * @return a new builder with the script
   */
  public static ScriptedModel.Builder builder(int copies) {
    ScriptedModel.Builder b = ScriptedModel.builder();
    ArrayNode generated = JsonValues.MAPPER.createArrayNode();
    for (EnvironmentDefinition d : StarterPack.definitions()) {
      generated.addObject().put("name", d.scenario().name()).put("description", d.scenario().description());
      answer(b, d, d.name());
      for (int i = 1; i <= copies; i++) answer(b, d, d.name() + "_" + i);
    }
    ObjectNode scenarios = JsonValues.MAPPER.createObjectNode();
    scenarios.set("scenarios", generated);
    b.answer(Stage.SCENARIOS.key(), "", scenarios.toString());
    return b;
  }

  /** The challenges reply for a task: its stored alternative, near misses and false claim. */
  static Map<String, Object> challenges(EnvironmentDefinition d, int task) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> alternatives = new ArrayList<>();
    List<Object> nearMisses = new ArrayList<>();
    for (Challenge c : d.challenges(task)) {
      Map<String, Object> episode = new LinkedHashMap<>();
      List<Object> calls = new ArrayList<>();
      c.calls().forEach(call -> calls.add(JsonValues.fromNode(AwmRows.toolCallNode(call))));
      episode.put("calls", calls);
      episode.put("final_answer", c.finalAnswer());
      episode.put("why", c.why());
      switch (c.kind()) {
        case ALTERNATIVE -> alternatives.add(episode);
        case NEAR_MISS -> nearMisses.add(episode);
        case FALSE_CLAIM -> out.putIfAbsent("false_claim", c.finalAnswer());
      }
    }
    out.put("alternatives", alternatives);
    out.put("near_misses", nearMisses);
    return out;
  }

  private static void answer(ScriptedModel.Builder b, EnvironmentDefinition d, String key) {
    b.answer(ScenarioStage.CLASSIFY, key, JsonValues.write(Map.of("suitability_score", 9, "suitability_level", "high",
        "categories", List.of(key.replace('_', ' ')), "reasoning", "stateful records that users create and change")));
    b.answer(Stage.TASKS.key(), key, JsonValues.write(Map.of("tasks", d.tasks())));
    b.answer(Stage.SCHEMA.key(), key, AwmRows.dbRow(d).get("db_schema").toString());
    b.answer(Stage.SAMPLE.key(), key, AwmRows.sampleRow(d).get("sample_data").toString());
    b.answer(Stage.SPEC.key(), key, AwmRows.specRow(d).get("api_spec").toString());
    b.answer(Stage.TOOLS.key(), key, JsonValues.write(Map.of("full_code", d.toolCode().source())));
    for (VerifierCode v : d.verifiers()) {
      b.answer(Stage.VERIFIERS.key(), ScriptedModel.taskKey(key, v.taskIndex()), JsonValues.write(Map.of("code", v.code())));
    }
    for (ReferenceSolution s : d.solutions()) {
      Map<String, Object> answer = new LinkedHashMap<>();
      List<Object> calls = new ArrayList<>();
      s.calls().forEach(c -> calls.add(JsonValues.fromNode(AwmRows.toolCallNode(c))));
      answer.put("calls", calls);
      answer.put("final_answer", s.finalAnswer());
      b.answer(Stage.SOLUTIONS.key(), ScriptedModel.taskKey(key, s.taskIndex()), JsonValues.write(answer));
      b.answer(CrossExaminationStage.CHALLENGES, ScriptedModel.taskKey(key, s.taskIndex()), JsonValues.write(challenges(d, s.taskIndex())));
    }
  }
}
