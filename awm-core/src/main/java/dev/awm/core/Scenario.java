package dev.awm.core;

import dev.awm.core.internal.ScenarioNames;
import dev.awm.core.internal.JsonValues;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;

/**
 * A scenario: the application an environment simulates, as in {@code gen_scenario.jsonl}.
 *
 * @param name the scenario's name as written (for example {@code "Amazon"})
 * @param description what the application does
 * @param attributes any further fields of the row (categories, suitability, ...), kept as read so
 *     that a round trip loses nothing; values are plain JSON values (maps, lists, strings, numbers)
 */
public record Scenario(String name, String description, Map<String, Object> attributes) {
  public Scenario {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    attributes = attributes == null ? Map.of() : JsonValues.immutableCopy(attributes);
  }

  /** A scenario with no further attributes. */
  public Scenario(String name, String description) {
    this(name, description, Map.of());
  }

  /**
   * The simulated now stored with the scenario ({@link SimulatedTime#FIELD}), if it has one.
   *
   * @throws IllegalArgumentException when the stored value is not a date and time
   */
  public Optional<LocalDateTime> simulatedNow() {
    Object v = attributes.get(SimulatedTime.FIELD);
    return v == null ? Optional.empty() : Optional.of(SimulatedTime.parse(v.toString()));
  }

  /** This scenario with {@code now} as its simulated now. */
  public Scenario withSimulatedNow(LocalDateTime now) {
    Map<String, Object> a = new LinkedHashMap<>(attributes);
    a.put(SimulatedTime.FIELD, SimulatedTime.format(now));
    return new Scenario(name, description, a);
  }

  /** The normalized name that joins this scenario's rows across the AWM files. */
  public String key() {
    return ScenarioNames.normalize(name);
  }
}
