package dev.awm.cli;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.verify.CrossExamination;
import dev.awm.verify.TaskVerifiers;
import dev.awm.verify.TrustRecord;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code awm env validate}: the offline cross-examination of every verifier over a directory or the
 * starter pack ({@link CrossExamination}): the reference solution and every stored alternative must
 * be rewarded complete; the no-op episode with plausible final answers, every near miss and false
 * claim must not. A task passes when no check fails; its record is complete when every kind of check
 * could run (a directory without {@code gen_challenges.jsonl} has no alternatives or near misses).
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Cross-examine every verifier: the reference solution and stored alternatives must be complete; "
        + "the no-op episode with plausible answers, near misses and false claims must not.")
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
    int environments, tools, tasks, passing, incomplete, broken;
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
    Progress progress = new Progress(defs.size());
    int n = 0;
    for (EnvironmentDefinition def : defs) {
      n++;
      Environment env;
      try {
        env = Environment.of(def);
      } catch (EnvironmentBuildException e) {
        s.broken++;
        out.println("BROKEN " + def.name() + ": " + e.getMessage() + "  " + progress.at(n));
        continue;
      }
      if (env.tools().isEmpty()) {
        s.broken++;
        out.println(Text.noTools(def) + "  " + progress.at(n));
        continue;
      }
      s.environments++;
      s.tools += env.tools().size();
      TaskVerifiers verifiers = TaskVerifiers.compile(env);
      s.verifiers.put(env.name(), verifiers);
      out.printf("%s: %d tools, %d tasks%n", env.name(), env.tools().size(), def.tasks().size());
      for (TrustRecord r : CrossExamination.run(verifiers)) {
        s.tasks++;
        if (r.passed()) s.passing++;
        if (!r.complete()) s.incomplete++;
        out.printf("  %s task %d  %s%s  %s%n", r.passed() ? "PASS" : "FAIL", r.taskIndex(), counts(r),
            r.complete() ? "" : "  (not run: " + String.join(", ", r.missing()) + ")", Text.abbreviate(r.task(), 80));
        for (TrustRecord.Check c : r.failures()) {
          out.println("      " + c.kind() + ", " + c.subject() + ": expected " + (c.mustBeComplete() ? "complete" : "not complete")
              + ", got " + (c.outcome() == null ? "nothing" : c.outcome().statusLabel()) + ": " + Text.abbreviate(c.details(), 200));
        }
      }
      env.releaseSpares(); // the replays' spare connections are native memory; a later handle opens a new one
      out.println("  " + progress.at(n) + " environments validated");
      out.flush();
    }
    out.printf("summary: %d environments, %d tools, %d tasks, %d passing%s%s%n", s.environments, s.tools, s.tasks, s.passing,
        s.incomplete == 0 ? "" : ", " + s.incomplete + " without every kind of check (no stored alternative or near miss)",
        s.broken == 0 ? "" : ", " + s.broken + " environments failed to build or have no tools");
    out.flush();
    return s;
  }

  /** "reference 1/1, no-op 4/4, alternative 1/1, ..." : passed of run, by kind, in the order they ran. */
  static String counts(TrustRecord r) {
    Map<String, int[]> byKind = new LinkedHashMap<>();
    for (TrustRecord.Check c : r.checks()) {
      int[] n = byKind.computeIfAbsent(c.kind(), k -> new int[2]);
      n[1]++;
      if (c.passed()) n[0]++;
    }
    StringBuilder b = new StringBuilder();
    byKind.forEach((k, n) -> b.append(b.length() == 0 ? "" : ", ").append(k.replace('_', '-')).append(' ').append(n[0]).append('/').append(n[1]));
    return b.toString();
  }

}
