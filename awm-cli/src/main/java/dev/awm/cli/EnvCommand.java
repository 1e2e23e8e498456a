package dev.awm.cli;

import picocli.CommandLine.Command;

/** {@code awm env ...}: environment management. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "Manage and check environments.",
    subcommands = {StartCommand.class, CheckCommand.class, CheckAllCommand.class, ValidateCommand.class, ResetDbCommand.class})
final class EnvCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
