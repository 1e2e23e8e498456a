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

  @Test
  void parallelRolloutsOnAThousandHandlesEarnFullRewards() throws Exception {
    StringBuilder log = new StringBuilder();
    ParallelRollouts.Summary s = ParallelRollouts.run(1024, log);
    assertThat(s.episodes()).isEqualTo(1024);
    assertThat(s.meanReward()).isEqualTo(1.0);
    assertThat(s.steps()).isGreaterThan(1024);
    assertThat(log).contains("1024 episodes");
  }

  @Test
  void forkSearchFindsTheBranchTheVerifierRewards() {
    StringBuilder log = new StringBuilder();
    ForkSearch.Best best = ForkSearch.run(log);
    assertThat(best.outcome().status()).isEqualTo(RewardStatus.COMPLETE);
    assertThat(best.branches()).isGreaterThan(2);
    assertThat(log).contains("refused").contains("best: product " + best.productId());
  }

  @Test
  void liveSynthesisWithoutAKeySaysWhatToSetAndSucceeds() throws Exception {
    StringBuilder log = new StringBuilder();
    assertThat(LiveSynthesis.run(java.util.Map.of(), log)).isZero();
    assertThat(log).contains("OPENAI_API_KEY", "AWM_SYN_OVERRIDE_MODEL", "AZURE_ENDPOINT_URL");
  }
}
