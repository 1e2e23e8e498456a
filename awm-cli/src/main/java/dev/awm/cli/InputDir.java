package dev.awm.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The option that chooses a directory of AWM files to read environments from (default: ./outputs
 * when it holds gen_envs.jsonl, as the reference's commands, else the starter pack).
 */
final class InputDir {
  @Option(names = {"--input-dir", "--input_dir", "-i"}, description = "Directory of gen_*.jsonl files (default: ./outputs "
      + "when it holds gen_envs.jsonl, as the reference's commands, else the starter pack).")
  Path dir;
}
