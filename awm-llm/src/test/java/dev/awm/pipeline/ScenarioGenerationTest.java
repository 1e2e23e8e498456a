package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.AwmDirectory;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.Scenario;
import dev.awm.llm.HashingEmbeddings;
import dev.awm.llm.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stage 1: generated candidates are classified, de-duplicated by embeddings, and kept balanced. */
class ScenarioGenerationTest {
  private static Map<String, Object> candidate(String name, String description) {
    return Map.of("name", name, "description", description);
  }

  private static String rating(int score, String category) {
    return JsonValues.write(Map.of("suitability_score", score, "suitability_level", score >= 7 ? "high" : "low",
        "categories", List.of(category), "reasoning", "r"));
  }

  @Test
  void keepsSuitableDistinctBalancedScenarios(@TempDir Path out) throws Exception {
    String libraryText = "Members borrow, renew and return books, place holds on titles and pay late fees at a public library.";
    ScriptedModel model = ScriptedModel.builder()
        .answer("scenarios", "", JsonValues.write(Map.of("scenarios", List.of(
            candidate("Library Loans", libraryText),
            candidate("Library Lending Desk", libraryText + " Members borrow books."),   // near-duplicate
            candidate("Weather Viewer", "Shows the forecast for a city; nothing to store."),    // unsuitable
            candidate("Gym Membership", "Members book classes, freeze memberships and track visits at a gym chain."),
            candidate("Book Club Hub", "Readers join clubs, schedule meetings, vote on the next book and post reviews."), // category full
            candidate("Vet Clinic", "Pet owners book appointments, see vaccination records and pay invoices at a vet clinic.")))))
        .answer("classify", "library_loans", rating(9, "books"))
        .answer("classify", "library_lending_desk", rating(9, "education"))   // only the embeddings can reject it
        .answer("classify", "weather_viewer", rating(2, "information"))
        .answer("classify", "gym_membership", rating(8, "fitness"))
        .answer("classify", "book_club_hub", rating(8, "books"))
        .answer("classify", "vet_clinic", rating(8, "health"))
        .build();
    List<Scenario> seeds = List.of(new Scenario("Amazon", "Shoppers browse products, fill carts, place and track orders."));
    ScenarioGeneration g = new ScenarioGeneration(seeds, 3, 0.85, 7, 0.33, 10, 2);

    PipelineResult r = Pipeline.seeds(g).model(model).outputDir(out).configure(o -> o.embeddings(new HashingEmbeddings())).tasks().run();

    // tasks were not scripted: the scenarios are kept, their task stage gives up
    assertThat(r.definitions()).extracting(d -> d.scenario().name()).containsExactly("Library Loans", "Gym Membership", "Vet Clinic");
    assertThat(r.definitions().get(0).scenario().attributes()).containsEntry("suitability_score", 9L)
        .containsEntry("categories", List.of("books"));
    assertThat(r.summary().stage(Stage.SCENARIOS).out()).isEqualTo(3);
    assertThat(r.summary().stage(Stage.SCENARIOS).in()).isEqualTo(6);
    assertThat(ScenarioStage.cosine(new float[] {1, 0}, new float[] {1, 0})).isEqualTo(1.0);
    // each accepted scenario is written once
    assertThat(Files.readAllLines(out.resolve(AwmDirectory.SCENARIOS))).hasSize(3).doesNotHaveDuplicates();

    // resumed: the accepted scenarios are read back, no new generation
    ScriptedModel none = ScriptedModel.builder().build();
    PipelineResult again = Pipeline.seeds(g).model(none).outputDir(out).configure(o -> o.embeddings(new HashingEmbeddings())).tasks().run();
    assertThat(again.definitions()).hasSize(3);
    assertThat(none.requests()).allMatch(q -> q.purpose("stage").equals("tasks"));
    assertThat(Files.readAllLines(out.resolve(AwmDirectory.SCENARIOS))).hasSize(3);
  }

  @Test
  void keptSeedsAreClassifiedWrittenFirstAndCounted(@TempDir Path out) throws Exception {
    ScriptedModel model = ScriptedModel.builder()
        .answer("scenarios", "", JsonValues.write(Map.of("scenarios", List.of(
            candidate("Gym Membership", "Members book classes, freeze memberships and track visits at a gym chain.")))))
        .answer("classify", "amazon", rating(9, "shopping"))
        .answer("classify", "weather_viewer", rating(2, "information"))
        .answer("classify", "gym_membership", rating(8, "fitness"))
        .build();
    Scenario classified = new Scenario("Library Loans", "Members borrow and return books.",
        Map.of("suitability_level", "high", "suitability_score", 9, "categories", List.of("books")));
    List<Scenario> seeds = List.of(new Scenario("Amazon", "Shoppers browse products, fill carts, place and track orders."),
        new Scenario("Weather Viewer", "Shows the forecast for a city; nothing to store."), classified);
    ScenarioGeneration g = new ScenarioGeneration(seeds, 4, 0.85, 7, 1.0, 10, 2).withSeedsKept(true);

    PipelineResult r = Pipeline.seeds(g).model(model).outputDir(out).configure(o -> o.embeddings(new HashingEmbeddings())).tasks().run();

    // the seeds first, in their order and whatever their score; they count towards the target of 4
    assertThat(r.definitions()).extracting(d -> d.scenario().name())
        .containsExactly("Amazon", "Weather Viewer", "Library Loans", "Gym Membership");
    assertThat(r.definitions().get(1).scenario().attributes()).containsEntry("suitability_score", 2L);
    // a seed that carries its classification is not classified again
    assertThat(model.requests()).filteredOn(q -> q.purpose("stage").equals(ScenarioStage.CLASSIFY))
        .extracting(q -> q.purpose("scenario")).containsExactlyInAnyOrder("amazon", "weather_viewer", "gym_membership");
    List<String> rows = Files.readAllLines(out.resolve(AwmDirectory.SCENARIOS));
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).contains("\"suitability_level\":\"high\"").contains("Amazon");

    // resumed: the kept seeds are read back, not added twice, nothing is asked again
    ScriptedModel none = ScriptedModel.builder().build();
    PipelineResult again = Pipeline.seeds(g).model(none).outputDir(out).configure(o -> o.embeddings(new HashingEmbeddings())).tasks().run();
    assertThat(again.definitions()).hasSize(4);
    assertThat(none.requests()).allMatch(q -> q.purpose("stage").equals("tasks"));
    assertThat(Files.readAllLines(out.resolve(AwmDirectory.SCENARIOS))).hasSize(4);
  }

  @Test
  void withoutKeptSeedsTheSeedsAreOnlyExamples() {
    ScenarioGeneration g = ScenarioGeneration.of(List.of(new Scenario("Amazon", "Shop.")), 3);
    assertThat(g.keepSeeds()).isFalse();
    assertThat(g.withSeedsKept(true)).isEqualTo(new ScenarioGeneration(g.seeds(), 3, g.similarityThreshold(), g.minSuitability(),
        g.maxCategoryShare(), g.batchSize(), g.maxRounds(), true));
  }
}
