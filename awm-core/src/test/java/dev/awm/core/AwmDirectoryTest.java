package dev.awm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwmDirectoryTest {
  private static Path resource(String name) throws Exception {
    return Path.of(AwmDirectoryTest.class.getResource("/" + name).toURI());
  }

  @Test
  void loadsRowsShapedLikeTheAwm1kDataset() throws Exception {
    List<EnvironmentDefinition> defs = AwmDirectory.load(resource("awm1k"));
    assertThat(defs).extracting(EnvironmentDefinition::name).containsExactly("online_marketplace_etsy_like", "weather_viewer");
    EnvironmentDefinition d = defs.get(0);
    assertThat(d.scenario().name()).isEqualTo("Online Marketplace (Etsy-like)");
    assertThat(d.scenario().attributes()).containsEntry("suitability_score", 9L)
        .containsEntry("categories", List.of("e-commerce", "marketplace"));
    assertThat(d.tasks()).containsExactly("List my active listings.", "Mark order 3 as shipped.");
    assertThat(d.schema().tables()).extracting(TableSchema::name).containsExactly("users", "listings");
    assertThat(d.schema().statements()).hasSize(3);
    assertThat(d.sampleData().statements()).hasSize(3);
    Endpoint e = d.spec().endpoint("list_my_listings").orElseThrow();
    assertThat(e.requestParams().get("active")).isEqualTo(new RequestParam("boolean", "query", false, "Only active ones", true));
    assertThat(e.requiredFields()).containsEntry("listings", List.of("id", "title", "active"));
    assertThat(d.toolCode().language()).isEqualTo(ToolCode.PYTHON);
    assertThat(d.verifiers()).extracting(VerifierCode::taskIndex).containsExactly(0, 1);
    assertThat(d.verifier(0).orElseThrow().mode()).isEqualTo(VerifierMode.SQL);
    assertThat(d.verifier(1).orElseThrow().mode()).isEqualTo(VerifierMode.CODE);
    assertThat(d.verifier(1).orElseThrow().language()).isEqualTo("python");
    // a scenario with only a gen_scenario row is still a definition, with empty parts
    assertThat(defs.get(1).tasks()).isEmpty();
    assertThat(defs.get(1).toolCode()).isNull();
  }

  @Test
  void roundTripsEveryFile(@TempDir Path tmp) throws Exception {
    List<EnvironmentDefinition> original = AwmDirectory.load(resource("awm1k"));
    EnvironmentDefinition withSolution = original.get(0).toBuilder()
        .solutions(List.of(new ReferenceSolution(1, List.of(new ToolCall("list_my_listings", Map.of("active", true))), "Mug")))
        .build();
    List<EnvironmentDefinition> defs = List.of(withSolution, original.get(1));
    AwmDirectory.write(tmp, defs);
    assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
        "gen_db.jsonl", "gen_envs.jsonl", "gen_sample.jsonl", "gen_scenario.jsonl", "gen_solutions.jsonl", "gen_spec.jsonl",
        "gen_tasks.jsonl", "gen_verifier.jsonl");
    List<EnvironmentDefinition> again = AwmDirectory.load(tmp);
    assertThat(again).isEqualTo(defs);
    AwmDirectory.write(tmp, again);
    assertThat(AwmDirectory.load(tmp)).isEqualTo(defs);
  }

  @Test
  void malformedLinesNameTheFileAndLine(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("gen_tasks.jsonl"), "{\"scenario\": \"A\", \"tasks\": []}\n\n{not json}\n");
    assertThatThrownBy(() -> AwmDirectory.load(tmp)).isInstanceOf(IOException.class)
        .hasMessageContaining("gen_tasks.jsonl:3: not valid JSON");
    Files.writeString(tmp.resolve("gen_tasks.jsonl"), "{\"tasks\": []}\n");
    assertThatThrownBy(() -> AwmDirectory.load(tmp)).isInstanceOf(IOException.class)
        .hasMessageContaining("gen_tasks.jsonl: row 1: row has neither 'scenario' nor 'name'");
    assertThatThrownBy(() -> AwmDirectory.load(tmp.resolve("missing"))).hasMessageContaining("not a directory");
  }

  @Test
  void aMalformedScenarioRowNamesTheFileAndRow(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("gen_scenario.jsonl"), "{\"name\": \"A\", \"description\": \"fine\"}\n{\"description\": \"no name\"}\n");
    assertThatThrownBy(() -> AwmDirectory.load(tmp)).isInstanceOf(IOException.class)
        .hasMessageContaining("gen_scenario.jsonl: row 2: row has neither 'scenario' nor 'name'");
  }

  @Test
  void definitionsAreImmutable() throws Exception {
    EnvironmentDefinition d = AwmDirectory.load(resource("awm1k")).get(0);
    assertThatThrownBy(() -> d.tasks().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> d.scenario().attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }
}
