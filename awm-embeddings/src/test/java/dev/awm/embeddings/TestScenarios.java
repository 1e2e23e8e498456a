package dev.awm.embeddings;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The descriptions of {@code scenarios.jsonl}: each a scenario and the app it describes (rewordings share a group). */
final class TestScenarios {
  record Described(String group, Scenario scenario) {
    /** What scenario generation embeds. */
    String text() {
      return scenario.name() + ": " + scenario.description();
    }
  }

  private TestScenarios() {}

  static List<Described> load() {
    List<Described> out = new ArrayList<>();
    try (InputStream in = TestScenarios.class.getResourceAsStream("scenarios.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) continue;
        JsonNode n = JsonValues.MAPPER.readTree(line);
        out.add(new Described(n.path("group").asString(), new Scenario(n.path("name").asString(), n.path("description").asString())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The scenario of that name. */
  static Scenario named(String name) {
    for (Described d : load()) if (d.scenario().name().equals(name)) return d.scenario();
    throw new IllegalArgumentException("no scenario '" + name + "' in scenarios.jsonl");
  }
}
