package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that choose environments: a directory of AWM files (default: the starter pack) and scenarios. */
final class DefinitionSource {
  @Mixin
  InputDir input = new InputDir();

  @Option(names = {"--scenario", "-s"}, split = ",", description = "Only these scenarios (comma-separated).")
  List<String> scenarios;

  List<EnvironmentDefinition> load() throws java.io.IOException {
    return Definitions.load(input.dir, scenarios);
  }
}
