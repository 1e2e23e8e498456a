package dev.awm.llm;

import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import dev.awm.core.internal.JsonValues;
import dev.awm.verify.Judge;
import dev.awm.verify.JudgeRequest;
import dev.awm.verify.JudgeVerdict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The LLM-as-a-judge of sql-mode verification: asks a model to classify the episode (complete,
 * incomplete, server error or agent error, in that priority as the reference implementation's
 * judge), given the task, the evidence from the databases, the trajectory and the final answer,
 * and keeps its confidence per class, the evidence it cites and its whole answer. Thread-safe.
 */
public final class LlmJudge implements Judge {
  private final ChatModel model;

  /**
   * A judge that asks {@code model}.
   *
   * @param model the chat model; not null
   */
  public LlmJudge(ChatModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public JudgeVerdict judge(JudgeRequest r) {
    String user = Prompts.render("judge.user.md", Map.of(
        "task", r.task(),
        "evidence", JsonValues.write(r.evidence()),
        "trajectory", r.trajectory().isEmpty() ? "(not available)" : r.trajectory(),
        "final_answer", r.finalAnswer().isEmpty() ? "(none)" : r.finalAnswer()));
    ChatRequest request = ChatRequest.builder()
        .system(Prompts.load("judge.system.md"))
        .user(user)
        .temperature(0.0)
        .maxTokens(2048)
        .jsonResponse(true)
        .purpose("stage", "judge")
        .purpose("scenario", r.environment())
        .purpose("task", Integer.toString(r.taskIndex()))
        .build();
    JsonNode answer = ModelJson.object(model.chat(request));
    String label = answer.path("classification").asString("");
    if (label.isBlank()) label = answer.path("result").asString(""); // an answer in the older two-class shape
    Map<String, Integer> confidence = new LinkedHashMap<>();
    JsonNode scores = answer.path("confidence_score");
    if (scores.isArray() && scores.size() == JudgeVerdict.CLASSES.size()) {
      for (int i = 0; i < scores.size(); i++) confidence.put(JudgeVerdict.CLASSES.get(i), scores.get(i).asInt(0));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = answer.path("evidence").isObject() ? (Map<String, Object>) JsonValues.fromNode(answer.get("evidence")) : Map.of();
    @SuppressWarnings("unchecked")
    Map<String, Object> whole = (Map<String, Object>) JsonValues.fromNode(answer);
    try {
      return new JudgeVerdict(JudgeVerdict.status(label), answer.path("reasoning").asString(""), confidence, evidence, whole);
    } catch (IllegalArgumentException e) {
      throw new LlmException("the judge answered classification='" + label + "'; expected one of " + JudgeVerdict.CLASSES);
    }
  }
}
