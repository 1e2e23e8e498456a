package dev.awm.llm;

import dev.awm.core.JsonValues;
import dev.awm.verify.Judge;
import dev.awm.verify.JudgeRequest;
import dev.awm.verify.api.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The LLM-as-a-judge of sql-mode verification: asks a model whether the task was completed, given
 * the task, the evidence from the databases, the trajectory and the final answer. Thread-safe.
 */
public final class LlmJudge implements Judge {
  private final ChatModel model;

  public LlmJudge(ChatModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public Verdict judge(JudgeRequest r) {
    String user = Prompts.render("judge.user.md", Map.of(
        "task", r.task(),
        "evidence", JsonValues.write(r.evidence()),
        "trajectory", r.trajectory().isEmpty() ? "(not available)" : r.trajectory(),
        "final_answer", r.finalAnswer().isEmpty() ? "(none)" : r.finalAnswer()));
    ChatRequest request = ChatRequest.builder()
        .system(Prompts.load("judge.system.md"))
        .user(user)
        .temperature(0.0)
        .maxTokens(1024)
        .jsonResponse(true)
        .purpose("stage", "judge")
        .purpose("scenario", r.environment())
        .purpose("task", Integer.toString(r.taskIndex()))
        .build();
    JsonNode answer = ModelJson.object(model.chat(request));
    String result = answer.path("result").asString("").trim().toLowerCase(Locale.ROOT);
    String reasoning = answer.path("reasoning").asString("");
    switch (result) {
      case "complete":
        return Verdict.complete(reasoning);
      case "others":
      case "incomplete":
        return Verdict.others(reasoning);
      default:
        throw new LlmException("the judge answered result='" + result + "'; expected complete or others");
    }
  }
}
