package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose environments: a directory of AWM files (default: the starter pack) and scenarios. */
final class DefinitionSource {
  @Option(names = {"--input-dir", "--input_dir", "-i"}, description = "Directory of gen_*.jsonl files (default: the starter pack).")
  Path inputDir;

  @Option(names = {"--scenario", "-s"}, split = ",", description = "Only these scenarios (comma-separated).")
  List<String> scenarios;

  List<EnvironmentDefinition> load() throws java.io.IOException {
    return Definitions.load(inputDir, scenarios);
  }
}
