package dev.awm.core;

import dev.awm.core.internal.ScenarioNames;
import dev.awm.core.internal.Jsonl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default: three complete, hand-written environments shipped in this jar (an online
 * shop, a calendar booking service and a project tracker), in the AWM file formats, with a verifier
 * and a reference solution per task. They need no download and no API key.
 */
public final class StarterPack {
  /** The names of the starter environments, in order. */
  public static final List<String> NAMES = List.of("e_commerce", "calendar_booking", "project_tracker");

  private static final String ROOT = "/dev/awm/starter/";

  private StarterPack() {}

  /**
   * The definition of starter environment {@code name} (one of {@link #NAMES}).
   *
   * @param name the environment's name; it is normalized as a scenario name first
   * @return the definition, read from this jar's resources
   * @throws IllegalArgumentException naming the known environments if {@code name} is not one
   * @throws java.io.UncheckedIOException if the embedded files cannot be read
   */
  public static EnvironmentDefinition load(String name) {
    String key = ScenarioNames.normalize(name);
    if (!NAMES.contains(key)) {
      throw new IllegalArgumentException("no starter environment '" + name + "'; the starter pack has " + NAMES);
    }
    try {
      List<EnvironmentDefinition> defs = AwmDirectory.load(file -> rows(key, file), "classpath:" + ROOT + key);
      if (defs.size() != 1) throw new IllegalStateException("starter environment '" + key + "' holds " + defs.size() + " definitions");
      return defs.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException("starter environment '" + key + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /** {@return all starter definitions, in the order of {@link #NAMES}} */
  public static List<EnvironmentDefinition> definitions() {
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (String n : NAMES) out.add(load(n));
    return out;
  }

  private static List<tools.jackson.databind.JsonNode> rows(String key, String file) throws IOException {
    InputStream in = StarterPack.class.getResourceAsStream(ROOT + key + "/" + file);
    if (in == null) return List.of();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return Jsonl.read(ROOT + key + "/" + file, r);
    }
  }
}
