package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.StarterPack;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepEnvironmentTest {
  private final EnvironmentDefinition def = StarterPack.load("e_commerce");
  private final Environment env = Environment.of(def);
  private final TaskVerifiers verifiers = TaskVerifiers.compile(env);

  @Test
  void anEpisodeStepByStepEndsWithTheVerifiersReward() {
    try (EnvironmentHandle h = env.newHandle()) {
      StepEnvironment gym = new StepEnvironment(h, verifiers, 10);
      StepEnvironment.Observation first = gym.reset(0);
      assertThat(first.text()).isEqualTo(def.tasks().get(0));
      assertThat(first.tools()).hasSize(39);
      ReferenceSolution s = def.solution(0).orElseThrow();
      for (ToolCall c : s.calls()) {
        StepEnvironment.StepResult r = gym.step(StepEnvironment.Action.call(c.name(), c.arguments()));
        assertThat(r.done()).isFalse();
        assertThat(r.reward()).isZero();
        assertThat(r.info()).containsEntry("kind", "ok");
      }
      StepEnvironment.StepResult last = gym.step(StepEnvironment.Action.answer(s.finalAnswer()));
      assertThat(last.done()).isTrue();
      assertThat(last.reward()).isEqualTo(1.0);
      assertThat(last.info()).containsEntry("status", "COMPLETE");
      assertThatThrownBy(() -> gym.step(StepEnvironment.Action.answer("again"))).hasMessageContaining("call reset(task) first");

      gym.reset(0);
      StepEnvironment.StepResult wrong = gym.step(StepEnvironment.Action.answer("FedEx, 123"));
      assertThat(wrong.reward()).isZero();
      assertThat(wrong.info()).containsEntry("status", "INCOMPLETE");
    }
  }

  @Test
  void theStepBudgetEndsTheEpisodeAsAnAgentError() {
    try (EnvironmentHandle h = env.newHandle()) {
      StepEnvironment gym = new StepEnvironment(h, verifiers, 2);
      gym.reset(3);
      assertThat(gym.step(StepEnvironment.Action.call("list_orders", Map.of())).done()).isFalse();
      StepEnvironment.StepResult r = gym.step(StepEnvironment.Action.call("no_such_tool", Map.of()));
      assertThat(r.done()).isTrue();
      assertThat(r.info()).containsEntry("status", "AGENT_ERROR").containsEntry("kind", "bad_request");
      assertThat(r.info()).containsExactly(Map.entry("kind", "bad_request"), Map.entry("steps", 2), Map.entry("status", "AGENT_ERROR"),
          Map.entry("details", "no final answer within 2 steps"));
      assertThat(r.observation().text()).contains("no_such_tool");
      assertThat(r.reward()).isZero();
      assertThatThrownBy(() -> gym.reset(10)).hasMessageContaining("has tasks 0..9");
    }
  }
}
