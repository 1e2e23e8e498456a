package dev.awm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.verify.RewardStatus;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  @Test
  void quickstartRunsAndEarnsTheReward() {
    StringBuilder log = new StringBuilder();
    assertThat(Quickstart.run(log).status()).isEqualTo(RewardStatus.COMPLETE);
    assertThat(log).contains("e_commerce: 39 tools").contains("bad call -> ").contains("after reset: INCOMPLETE");
  }
}
