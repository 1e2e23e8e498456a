package dev.awm.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.verify.JudgeRequest;
import dev.awm.verify.api.Verdict;
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
        .answer("judge", "broken", "{\"result\": \"maybe\"}")
        .build();
    LlmJudge judge = new LlmJudge(model);
    Verdict yes = judge.judge(new JudgeRequest("shop", 6, "Review the mug", Map.of("reviews_after", 2), "[]", "done"));
    assertThat(yes).isEqualTo(Verdict.complete("a review was added"));
    Verdict no = judge.judge(new JudgeRequest("shop", 6, "Review the mug", Map.of("reviews_after", 1), "", ""));
    assertThat(no.isComplete()).isFalse();
    ChatRequest sent = model.requests().get(1);
    assertThat(sent.jsonResponse()).isTrue();
    assertThat(sent.purpose("task")).isEqualTo("6");
    assertThat(sent.messages().get(1).content()).contains("Review the mug").contains("(not available)").contains("(none)");
    assertThatThrownBy(() -> judge.judge(new JudgeRequest("broken", 0, "t", Map.of(), "", "")))
        .hasMessageContaining("result='maybe'; expected complete or others");
  }
}
