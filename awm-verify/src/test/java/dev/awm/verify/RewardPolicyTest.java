package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reward maps by name and by value. */
class RewardPolicyTest {
  @Test
  void presets() {
    assertThat(RewardPolicy.parse("default").labels()).isEqualTo(RewardPolicy.defaults().labels());
    RewardPolicy openenv = RewardPolicy.parse("OpenEnv");
    assertThat(openenv.value(RewardStatus.COMPLETE)).isEqualTo(1.0);
    assertThat(openenv.value(RewardStatus.INCOMPLETE)).isEqualTo(0.1);
    assertThat(openenv.value(RewardStatus.AGENT_ERROR)).as("format error").isEqualTo(-1.0);
    for (RewardStatus s : RewardStatus.values()) {
      if (!s.isAgentSignal()) assertThat(openenv.value(s)).as(s.name()).isEqualTo(0.0);
    }
  }

  @Test
  void customValuesStartFromTheDefaultOrAPreset() {
    RewardPolicy custom = RewardPolicy.parse("complete=2, incomplete=0.5,format_error=-3,verifier_error=-0.25");
    assertThat(custom.value(RewardStatus.COMPLETE)).isEqualTo(2.0);
    assertThat(custom.value(RewardStatus.INCOMPLETE)).isEqualTo(0.5);
    assertThat(custom.value(RewardStatus.AGENT_ERROR)).isEqualTo(-3.0);
    assertThat(custom.value(RewardStatus.VERIFIER_ERROR)).isEqualTo(-0.25);
    assertThat(custom.value(RewardStatus.MODEL_ERROR)).isEqualTo(0.0);
    RewardPolicy tuned = RewardPolicy.parse("openenv,incomplete=0");
    assertThat(tuned.value(RewardStatus.INCOMPLETE)).isEqualTo(0.0);
    assertThat(tuned.value(RewardStatus.AGENT_ERROR)).isEqualTo(-1.0);
  }

  @Test
  void errorsSayWhatIsAccepted() {
    assertThatThrownBy(() -> RewardPolicy.parse("gentle")).hasMessageContaining("default, openenv");
    assertThatThrownBy(() -> RewardPolicy.parse("done=1")).hasMessageContaining("no status 'done'").hasMessageContaining("incomplete");
    assertThatThrownBy(() -> RewardPolicy.parse("complete=lots")).hasMessageContaining("needs a number");
    assertThatThrownBy(() -> RewardPolicy.parse("complete=1,openenv")).hasMessageContaining("preset can only come first");
    assertThatThrownBy(() -> RewardPolicy.parse("complete=NaN")).hasMessageContaining("NaN");
  }
}
