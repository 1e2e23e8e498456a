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
  /**
   * Checks and normalizes the components.
   *
   * @param name the name; not null
   * @param description the description; null becomes empty
   * @param attributes the further fields, copied as immutable plain JSON values; null means none
   * @throws NullPointerException if {@code name} is null
   */
  public Scenario {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    attributes = attributes == null ? Map.of() : JsonValues.immutableCopy(attributes);
  }

  /**
   * A scenario with no further attributes (so with the default simulated now).
   *
   * @param name the scenario's name; not null
   * @param description what the application does; null becomes empty
   */
  public Scenario(String name, String description) {
    this(name, description, Map.of());
  }

  /**
   * The simulated now stored with the scenario ({@link SimulatedTime#FIELD}), if it has one.
   *
   * @return the stored moment (UTC), or empty if the scenario stores none
   * @throws IllegalArgumentException when the stored value is not a date and time
   */
  public Optional<LocalDateTime> simulatedNow() {
    Object v = attributes.get(SimulatedTime.FIELD);
    return v == null ? Optional.empty() : Optional.of(SimulatedTime.parse(v.toString()));
  }

  /**
   * Sets the simulated now; the other attributes are kept.
   *
   * @param now the moment the environment's world stands still at (UTC; truncated to seconds)
   * @return a copy of this scenario storing {@code now} as {@link SimulatedTime#FIELD}
   */
  public Scenario withSimulatedNow(LocalDateTime now) {
    Map<String, Object> a = new LinkedHashMap<>(attributes);
    a.put(SimulatedTime.FIELD, SimulatedTime.format(now));
    return new Scenario(name, description, a);
  }

  /**
   * {@return the normalized name that joins this scenario's rows across the AWM files} It is the
   * name in lower case, every character outside {@code [a-z0-9_]} made {@code _}, runs of {@code _}
   * collapsed and leading and trailing ones trimmed: {@code "Amazon (Shop)"} gives {@code amazon_shop}.
   */
  public String key() {
    return ScenarioNames.normalize(name);
  }
}
