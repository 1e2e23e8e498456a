package dev.awm.cli;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ScenarioNames;
import dev.awm.core.StarterPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the CLI's environments come from: a directory of AWM files, or the starter pack. */
final class Definitions {
  private Definitions() {}

  /**
   * The definitions in {@code dir} (or the starter pack when null), limited to {@code scenarios}
   * when given.
   *
   * @throws IllegalArgumentException naming the missing directory or scenario
   */
  static List<EnvironmentDefinition> load(Path dir, List<String> scenarios) throws IOException {
    List<EnvironmentDefinition> all;
    if (dir == null) {
      all = StarterPack.definitions();
    } else {
      if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no such directory: " + dir);
      all = AwmDirectory.load(dir);
    }
    if (scenarios == null || scenarios.isEmpty()) return all;
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (String s : scenarios) {
      String key = ScenarioNames.normalize(s);
      EnvironmentDefinition d = all.stream().filter(x -> x.name().equals(key)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no scenario '" + s + "' in " + (dir == null ? "the starter pack" : dir)
              + "; it has: " + all.stream().map(EnvironmentDefinition::name).toList()));
      out.add(d);
    }
    return out;
  }
}
