package dev.awm.core;

import dev.awm.core.internal.ScenarioNames;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioNamesTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Amazon|amazon",
      "Online Marketplace (Etsy-like)|online_marketplace_etsy_like",
      "  __E-commerce!!__ |e_commerce",
      "already_normal_1|already_normal_1",
      "Café & Bar|caf_bar",
      "a   b--c|a_b_c",
  })
  void normalizes(String raw, String expected) {
    assertThat(ScenarioNames.normalize(raw)).isEqualTo(expected);
  }
}
