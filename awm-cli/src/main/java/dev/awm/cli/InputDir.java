package dev.awm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The option that chooses a directory of AWM files to read environments from (default: the starter pack). */
final class InputDir {
  @Option(names = {"--input-dir", "--input_dir", "-i"}, description = "Directory of gen_*.jsonl files (default: the starter pack).")
  Path dir;
}
