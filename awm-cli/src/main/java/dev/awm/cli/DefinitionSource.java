package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that choose environments: a directory of AWM files (default: ./outputs when it holds gen_envs.jsonl, else the starter pack) and scenarios. */
final class DefinitionSource {
  @Mixin
  InputDir input = new InputDir();

  @Option(names = {"--scenario", "-s", "--scenarios", "--allowed_scenarios"}, split = ",", description = "Only these scenarios (comma-separated).")
  List<String> scenarios;

  List<EnvironmentDefinition> load() throws java.io.IOException {
    return load(new FileOptions(), "");
  }

  /** With the reference's file options ({@code where} names them) instead of --input-dir when any is given. */
  List<EnvironmentDefinition> load(FileOptions files, String where) throws java.io.IOException {
    if (!files.any()) return Definitions.load(input.dir, scenarios);
    if (input.dir != null) throw new IllegalArgumentException("give --input-dir or " + where + ", not both");
    return Definitions.load(files, scenarios, where);
  }
}
