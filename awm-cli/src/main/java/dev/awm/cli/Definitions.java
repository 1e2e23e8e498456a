package dev.awm.cli;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.ScenarioNames;
import dev.awm.core.StarterPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Where the CLI's environments come from: a directory of AWM files, or the starter pack. */
final class Definitions {
  private Definitions() {}

  /**
   * The definitions in {@code dir} (when null: in {@code ./outputs} when it holds a
   * gen_envs.jsonl, where the reference's commands look by default, else the starter pack), limited
   * to {@code scenarios} when given.
   *
   * @throws IllegalArgumentException naming the missing directory or scenario
   */
  static List<EnvironmentDefinition> load(Path dir, List<String> scenarios) throws IOException {
    boolean some = scenarios != null && !scenarios.isEmpty();
    if (dir == null) dir = referenceDefault(Path.of("").toAbsolutePath());
    if (dir == null) return some ? starters(scenarios) : StarterPack.definitions();
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no such directory: " + dir);
    List<EnvironmentDefinition> all = AwmDirectory.load(dir);
    if (!some) return all;
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (String s : scenarios) out.add(pick(all, s, dir.toString()));
    return out;
  }

  /** The definitions the reference's file options name ({@code where} is the option), limited to {@code scenarios} when given. */
  static List<EnvironmentDefinition> load(FileOptions files, List<String> scenarios, String where) throws IOException {
    List<EnvironmentDefinition> all = files.load();
    if (scenarios == null || scenarios.isEmpty()) return all;
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (String s : scenarios) out.add(pick(all, s, where));
    return out;
  }

  /**
   * Why {@code def} cannot be served, or null when it can: it needs tool code (gen_envs.jsonl) and
   * an API spec with endpoints (gen_spec.jsonl), without which an environment would have no tools.
   * The reason names the scenario, the missing file and {@code where} it was looked for.
   */
  static String unservable(EnvironmentDefinition def, String where) {
    String missing = def.toolCode() == null ? "no tool code (" + AwmDirectory.ENVS + ")"
        : def.spec().endpoints().isEmpty() ? "no API spec (" + AwmDirectory.SPEC + "), so its tools are unknown" : null;
    return missing == null ? null : "scenario '" + def.name() + "' has " + missing + " in " + where
        + (where.startsWith("--") ? "; keep " + AwmDirectory.SPEC + " and " + AwmDirectory.ENVS + " beside the named files" : "");
  }

  /**
   * {@code def} when it can be served (see {@link #unservable}).
   *
   * @throws IllegalArgumentException saying why not
   */
  static EnvironmentDefinition servable(EnvironmentDefinition def, String where) {
    String why = unservable(def, where);
    if (why != null) throw new IllegalArgumentException(why);
    return def;
  }

  /** What {@link #load(Path, List)} reads for {@code dir}, in messages: the directory, ./outputs, or the starter pack. */
  static String where(Path dir) {
    return dir != null ? dir.toString() : referenceDefault(Path.of("").toAbsolutePath()) != null ? "./outputs" : "the starter pack";
  }

  /** {@code cwd/outputs} when it holds the reference's environments file (gen_envs.jsonl), else null. */
  static Path referenceDefault(Path cwd) {
    Path outputs = cwd.resolve("outputs");
    return Files.isRegularFile(outputs.resolve(AwmDirectory.ENVS)) ? outputs : null;
  }

  /** The starter environments named, each loaded alone; the error names the starter pack's. */
  private static List<EnvironmentDefinition> starters(List<String> scenarios) {
    List<EnvironmentDefinition> out = new ArrayList<>();
    for (String s : scenarios) {
      if (!StarterPack.NAMES.contains(ScenarioNames.normalize(s))) {
        throw new IllegalArgumentException("no scenario '" + s + "' in the starter pack; it has: " + StarterPack.NAMES);
      }
      out.add(StarterPack.load(s));
    }
    return out;
  }

  /**
   * The text of task {@code index} of {@code def}.
   *
   * @throws IllegalArgumentException naming the task indexes {@code def} has
   */
  static String task(EnvironmentDefinition def, int index) {
    if (index < 0 || index >= def.tasks().size()) {
      throw new IllegalArgumentException("scenario '" + def.name() + "' has tasks 0.." + (def.tasks().size() - 1) + ", not " + index);
    }
    return def.tasks().get(index);
  }

  /** The definition of scenario {@code name} in {@code all}; the error names what {@code where} has. */
  static EnvironmentDefinition pick(List<EnvironmentDefinition> all, String name, String where) {
    return pick(all, EnvironmentDefinition::name, name, where);
  }

  /**
   * The item of {@code all} whose scenario key ({@code keyOf}) is {@code name} normalized; the
   * error names what {@code where} has.
   */
  static <T> T pick(List<T> all, Function<T, String> keyOf, String name, String where) {
    String key = ScenarioNames.normalize(name);
    return all.stream().filter(x -> keyOf.apply(x).equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario '" + name + "' in " + where
            + "; it has: " + all.stream().map(keyOf).toList()));
  }
}
