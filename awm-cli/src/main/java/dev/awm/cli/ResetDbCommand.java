package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.Environment;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code awm env reset_db}: write each environment's initial database as a SQLite file, as the reference does. */
@Command(name = "reset_db", aliases = "reset-db", mixinStandardHelpOptions = true,
    description = "Write each environment's initial database to <database-dir>/<scenario>.db.")
final class ResetDbCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  DefinitionSource source = new DefinitionSource();

  @Option(names = {"--database-dir", "--database_dir", "-d"}, defaultValue = "outputs/databases", description = "Where the .db files go (default ${DEFAULT-VALUE}).")
  Path databaseDir;

  @Option(names = {"--input_db", "--input-db"}, description = "The reference's schema file (gen_db.jsonl).")
  Path inputDb;

  @Option(names = {"--input_sample", "--input-sample"}, description = "The reference's sample data file (gen_sample.jsonl).")
  Path inputSample;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(databaseDir);
    for (EnvironmentDefinition d : source.load(new FileOptions().in("--input_db", inputDb, dev.awm.core.AwmDirectory.DB)
        .in("--input_sample", inputSample, dev.awm.core.AwmDirectory.SAMPLE), "--input_db/--input_sample")) {
      Path file = databaseDir.resolve(d.name() + ".db");
      // the image comes from the schema and sample data alone: leave out the tools, which may not compile (or not be written yet)
      Files.write(file, Environment.of(d.toBuilder().spec(null).toolCode(null).build()).initialImage());
      out.println("wrote " + file);
    }
    return 0;
  }
}
