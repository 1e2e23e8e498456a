package dev.awm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.verify.JudgeRequest;
import dev.awm.verify.JudgeVerdict;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.api.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedModelAndJudgeTest {
  private static ChatRequest request(String stage, String scenario, String prompt) {
    return ChatRequest.builder().user(prompt).purpose("stage", stage).purpose("scenario", scenario).build();
  }

  @Test
  void answersByPurposeNotByPromptText() {
    ScriptedModel model = ScriptedModel.builder()
        .answer("tasks", "e_commerce", "{\"tasks\": [\"buy\"]}")
        .answer("tasks", "", "{\"tasks\": [\"anything\"]}")
        .failFirst("schema", "e_commerce", ChatResponse.text("not json at all"))
        .answer("schema", "e_commerce", "{\"tables\": []}")
        .build();
    assertThat(model.chat(request("tasks", "e_commerce", "prompt v1")).text()).contains("buy");
    assertThat(model.chat(request("tasks", "e_commerce", "a completely rewritten prompt")).text()).contains("buy");
    assertThat(model.chat(request("tasks", "bank", "x")).text()).contains("anything");
    assertThat(model.chat(request("schema", "e_commerce", "x")).text()).isEqualTo("not json at all");
    assertThat(model.chat(request("schema", "e_commerce", "x")).text()).isEqualTo("{\"tables\": []}");
    assertThatThrownBy(() -> model.chat(request("spec", "bank", "x")))
        .hasMessage("the scripted model has no answer for stage 'spec' of scenario 'bank'");
    assertThat(model.calls()).isEqualTo(6);
    assertThat(model.requests()).hasSize(6);
  }

  @Test
  void theJudgeAsksTheModelAndReadsItsVerdict() {
    ScriptedModel model = ScriptedModel.builder()
        .answer("judge", "shop", r -> ChatResponse.text(r.messages().get(1).content().contains("\"reviews_after\":2")
            ? "```json\n{\"result\": \"complete\", \"reasoning\": \"a review was added\"}\n```"
            : "{\"result\": \"others\", \"reasoning\": \"no review\"}"))
        .answer("judge", "broken", "{\"classification\": \"maybe\"}")
        .build();
    LlmJudge judge = new LlmJudge(model);
    JudgeVerdict yes = judge.judge(new JudgeRequest("shop", 6, "Review the mug", Map.of("reviews_after", 2), "[]", "done"));
    assertThat(yes.status()).isEqualTo(RewardStatus.COMPLETE);
    assertThat(yes.reasoning()).isEqualTo("a review was added");
    JudgeVerdict no = judge.judge(new JudgeRequest("shop", 6, "Review the mug", Map.of("reviews_after", 1), "", ""));
    assertThat(no.status()).isEqualTo(RewardStatus.INCOMPLETE);
    ChatRequest sent = model.requests().get(1);
    assertThat(sent.jsonResponse()).isTrue();
    assertThat(sent.purpose("task")).isEqualTo("6");
    assertThat(sent.messages().get(1).content()).contains("Review the mug").contains("(not available)").contains("(none)");
    assertThatThrownBy(() -> judge.judge(new JudgeRequest("broken", 0, "t", Map.of(), "", "")))
        .hasMessageContaining("classification='maybe'; expected one of [complete, incomplete, server_error, agent_error]");
  }

  @Test
  void theJudgeDecidesAmongTheReferencesFourClassesAndKeepsItsConfidenceAndEvidence() {
    String[] labels = {"complete", "incomplete", "server_error", "agent_error"};
    RewardStatus[] statuses = {RewardStatus.COMPLETE, RewardStatus.INCOMPLETE, RewardStatus.ENVIRONMENT_ERROR, RewardStatus.AGENT_ERROR};
    for (int i = 0; i < labels.length; i++) {
      String label = labels[i];
      ScriptedModel model = ScriptedModel.builder().answer("judge", "shop", "{\"reasoning\": \"r " + label + "\", "
          + "\"confidence_score\": [5, 10, 80, 5], \"classification\": \"" + label + "\", \"evidence\": {\"iterations\": 4, "
          + "\"error_signals\": [\"500 Internal Server Error\"], \"last_actions\": [\"create_review\"], "
          + "\"database_verification\": \"no new review\"}}").build();
      JudgeVerdict v = new LlmJudge(model).judge(new JudgeRequest("shop", 6, "Review the mug", Map.of(), "[]", ""));
      assertThat(v.status()).as(label).isEqualTo(statuses[i]);
      assertThat(v.classification()).isEqualTo(label);
      assertThat(v.confidence()).containsExactly(Map.entry("complete", 5), Map.entry("incomplete", 10), Map.entry("server_error", 80),
          Map.entry("agent_error", 5));
      assertThat(v.evidence()).containsEntry("error_signals", List.of("500 Internal Server Error")).containsEntry("iterations", 4L);
      assertThat(v.answer()).containsEntry("classification", label).containsKey("evidence");
      String system = model.requests().get(0).messages().get(0).content();
      assertThat(system).contains("server_error", "agent_error", "complete, server_error, agent_error, incomplete", "confidence_score");
    }
  }
}
