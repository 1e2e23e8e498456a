package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.LlmJudge;
import dev.awm.llm.OpenAiClient;
import dev.awm.runtime.Environment;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RunDirectory;
import dev.awm.verify.TaskVerifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code awm verify RUN_DIR}: score a saved run with its task's verifier (code mode, or sql mode
 * with the LLM judge) and write verify_result.json beside it. Exit 0 when complete, 1 when not.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify a saved run directory (exit 0: complete, 1: not complete) and write verify_result.json.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", description = "The run directory (trajectory.json, initial.db, final.db).")
  Path runDir;

  @Option(names = "--input", description = "The reference's name for the run directory.")
  Path inputRun;

  @Option(names = {"--verifier_path", "--verifier-path"}, description = "The reference's verifiers file (gen_verifier.jsonl; the other gen_*.jsonl files beside it).")
  Path verifierPath;

  @Option(names = {"--verifier_code_path", "--verifier-code-path"}, description = "The reference's code-mode verifiers file "
      + "(gen_verifier.pure_code.jsonl).")
  Path verifierCodePath;

  @Option(names = {"--init_db_path", "--init-db-path"}, description = "The initial database (.db) instead of the run's initial.db.")
  Path initDb;

  @Option(names = {"--final_db_path", "--final-db-path"}, description = "The final database (.db) instead of the run's final.db.")
  Path finalDb;

  @picocli.CommandLine.Mixin
  InputDir input = new InputDir();

  @Option(names = "--mode", description = "code or sql: fail unless the task's verifier is of this mode (default: no check; the verifier runs in its own mode).")
  String mode;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private static byte[] readDb(String option, Path file) throws java.io.IOException {
    if (!java.nio.file.Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": no such file: " + file);
    return java.nio.file.Files.readAllBytes(file);
  }

  /**
   * {@code def} with task {@code task}'s verifier of {@code mode}: its own when it is of that mode,
   * else the row of that mode it was read from (the reference keeps sql-mode verifiers in
   * gen_verifier.jsonl and code-mode ones in gen_verifier.pure_code.jsonl), else unchanged.
   */
  static EnvironmentDefinition inMode(EnvironmentDefinition def, int task, VerifierMode mode) {
    if (def.verifier(task).map(v -> v.mode() == mode).orElse(false)) return def;
    for (String file : List.of(dev.awm.core.AwmDirectory.VERIFIERS, dev.awm.core.AwmDirectory.VERIFIERS_CODE)) {
      java.util.Map<String, Object> row = def.sourceRows().get(EnvironmentDefinition.taskRowKey(file, task));
      if (row == null) continue;
      VerifierCode v = dev.awm.core.internal.AwmRows.verifier(dev.awm.core.internal.JsonValues.toNode(row));
      if (v.mode() != mode) continue;
      List<VerifierCode> vs = new java.util.ArrayList<>();
      for (VerifierCode other : def.verifiers()) if (other.taskIndex() != task) vs.add(other);
      vs.add(v);
      return def.toBuilder().verifiers(vs).build();
    }
    return def;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((runDir == null) == (inputRun == null)) throw new IllegalArgumentException("give the run directory (or --input), once");
    if (runDir == null) runDir = inputRun;
    RunDirectory.SavedRun run = RunDirectory.read(runDir);
    if (initDb != null || finalDb != null) {
      run = new RunDirectory.SavedRun(run.trajectory(), initDb == null ? run.initialDb() : readDb("--init_db_path", initDb),
          finalDb == null ? run.finalDb() : readDb("--final_db_path", finalDb));
    }
    FileOptions files = new FileOptions().in("--verifier_path", verifierPath, dev.awm.core.AwmDirectory.VERIFIERS)
        .in("--verifier_code_path", verifierCodePath, dev.awm.core.AwmDirectory.VERIFIERS_CODE);
    if (files.any() && input.dir != null) throw new IllegalArgumentException("give --input-dir or --verifier_path/--verifier_code_path, not both");
    EnvironmentDefinition def = (files.any() ? Definitions.load(files, List.of(run.scenario()), "--verifier_path/--verifier_code_path")
        : Definitions.load(input.dir, List.of(run.scenario()))).get(0);
    if (mode != null) def = inMode(def, run.taskId(), VerifierMode.parse(mode));
    VerifierMode own = def.verifier(run.taskId()).map(VerifierCode::mode).orElse(null);
    if (mode != null && own != VerifierMode.parse(mode)) {
      throw new IllegalArgumentException("task " + run.taskId() + " of '" + def.name() + "' has no " + VerifierMode.parse(mode).fileName()
          + "-mode verifier");
    }
    TaskVerifiers verifiers = TaskVerifiers.compile(Environment.of(def));
    OpenAiClient client = null;
    try {
      if (own == VerifierMode.SQL) {
        client = OpenAiClient.create(LlmConfig.fromEnvironment(System.getenv()));
        verifiers = verifiers.withJudge(new LlmJudge(client));
      }
      RewardOutcome o = RunDirectory.verify(runDir, run, verifiers);
      out.printf("%s task %d: %s, reward %.1f: %s%n", def.name(), run.taskId(), o.status(), o.reward(), o.details());
      out.println("wrote " + runDir.resolve(RunDirectory.RESULT) + " and " + runDir.resolve("verify." + own.fileName() + ".json"));
      return o.isComplete() ? 0 : 1;
    } finally {
      if (client != null) client.close();
    }
  }
}
