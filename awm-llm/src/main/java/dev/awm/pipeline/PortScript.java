package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.ScriptedModel;
import dev.awm.port.internal.PortFixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The scripted model for the port fixtures ({@link PortFixtures}): it answers the port of each
 * fixture environment with its Java port and probes, of each verifier with its Java port and
 * episodes, and, on the ported output, the solution stage with each task's solution and
 * challenges. Recipe Box's first answer is a port with an off-by-one filter ({@code rating > ?}), so
 * that the differential check's feedback is exercised.
 */
public final class PortScript {
  private PortScript() {}

  /** {@return a scripted model that answers the port of the three fixtures} */
  public static ScriptedModel model() {
    return builder().build();
  }

  /** {@return the script as a builder (to add faults or delays)} */
  public static ScriptedModel.Builder builder() {
    ScriptedModel.Builder b = ScriptedModel.builder();
    for (String s : PortFixtures.SCENARIOS) {
      List<Object> probes = new ArrayList<>();
      for (ToolCall c : PortFixtures.probes(s)) probes.add(JsonValues.fromNode(AwmRows.toolCallNode(c)));
      b.answer(Stage.PORT_TOOLS.key(), s, JsonValues.write(Map.of("full_code", PortFixtures.javaTools(s, false), "probes", probes)));
      for (int t = 0; t < 2; t++) {
        JsonNode task = PortFixtures.task(s, t);
        List<Object> episodes = new ArrayList<>();
        episodes.add(JsonValues.fromNode(task.path("solution")));
        for (JsonNode e : task.path("alternatives")) episodes.add(JsonValues.fromNode(e));
        for (JsonNode e : task.path("near_misses")) episodes.add(JsonValues.fromNode(e));
        String key = ScriptedModel.taskKey(s, t);
        b.answer(Stage.PORT_VERIFIERS.key(), key, JsonValues.write(Map.of("code", PortFixtures.javaVerifier(s, t), "episodes", episodes)));
        b.answer(Stage.SOLUTIONS.key(), key, task.path("solution").toString());
        Map<String, Object> challenges = new LinkedHashMap<>();
        challenges.put("alternatives", JsonValues.fromNode(task.path("alternatives")));
        challenges.put("near_misses", JsonValues.fromNode(task.path("near_misses")));
        challenges.put("false_claim", task.path("false_claim").asString(""));
        b.answer(CrossExaminationStage.CHALLENGES, key, JsonValues.write(challenges));
      }
    }
    List<Object> probes = new ArrayList<>();
    for (ToolCall c : PortFixtures.probes("recipe_box")) probes.add(JsonValues.fromNode(AwmRows.toolCallNode(c)));
    b.failFirst(Stage.PORT_TOOLS.key(), "recipe_box", ChatResponse.text(JsonValues.write(Map.of("full_code", PortFixtures.javaTools("recipe_box", true),
        "probes", probes))));
    return b;
  }
}
