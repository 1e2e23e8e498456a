package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.verify.ReplayCheck;
import dev.awm.verify.TaskCheck;
import dev.awm.verify.TaskVerifiers;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code awm env validate}: the replay check over a directory or the starter pack: for every task,
 * the reference solution must be rewarded complete and the no-op episode must not.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Replay every task's reference solution (must be complete) and the no-op episode (must not be).")
final class ValidateCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  DefinitionSource source = new DefinitionSource();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return validate(source.load(), out).ok() ? 0 : 1;
  }

  /** Counts over a validation run, and the verifiers it compiled. */
  static final class Summary {
    int environments, tools, tasks, passing, broken;
    /** The compiled verifiers of each environment that built, by environment name (with the environment). */
    final Map<String, TaskVerifiers> verifiers = new LinkedHashMap<>();

    /** Whether every environment built and every task passed. */
    boolean ok() {
      return passing == tasks && broken == 0;
    }
  }

  /** Builds each of {@code defs} and replays its tasks, printing a line per task and the summary. */
  static Summary validate(List<EnvironmentDefinition> defs, PrintWriter out) {
    Summary s = new Summary();
    for (EnvironmentDefinition def : defs) {
      Environment env;
      try {
        env = Environment.of(def);
      } catch (EnvironmentBuildException e) {
        s.broken++;
        out.println("BROKEN " + def.name() + ": " + e.getMessage());
        continue;
      }
      if (env.tools().isEmpty()) {
        s.broken++;
        out.println(Text.noTools(def));
        continue;
      }
      s.environments++;
      s.tools += env.tools().size();
      TaskVerifiers verifiers = TaskVerifiers.compile(env);
      s.verifiers.put(env.name(), verifiers);
      out.printf("%s: %d tools, %d tasks%n", env.name(), env.tools().size(), def.tasks().size());
      for (TaskCheck c : ReplayCheck.run(verifiers)) {
        s.tasks++;
        if (c.passed()) s.passing++;
        out.printf("  %s task %d  reference=%s  no-op=%s  %s%n", c.passed() ? "PASS" : "FAIL", c.taskIndex(),
            c.reference() == null ? "-" : c.reference().status(), c.noop().status(), Text.abbreviate(c.task(), 90));
        for (String p : c.problems()) out.println("      " + p);
      }
      env.releaseSpares(); // the replays' spare connections are native memory; a later handle opens a new one
    }
    out.printf("summary: %d environments, %d tools, %d tasks, %d passing%s%n", s.environments, s.tools, s.tasks, s.passing,
        s.broken == 0 ? "" : ", " + s.broken + " environments failed to build or have no tools");
    out.flush();
    return s;
  }

}
