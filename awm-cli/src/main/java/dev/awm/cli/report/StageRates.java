package dev.awm.cli.report;

import dev.awm.core.EnvironmentDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The yield of each synthesis stage, read from what the files hold: of the scenarios that came out
 * of the previous stage, how many have this stage's part (tasks, schema, sample rows, spec, tool
 * code, a build with tools); of the tasks of the environments that built, how many have a verifier
 * and then a reference solution; of the cross-examined tasks, how many are trusted; of the replayed
 * tasks, how many passed.
 */
final class StageRates {
  private StageRates() {}

  static List<Report.StageRate> of(List<EnvironmentDefinition> defs, List<Report.Env> envs, boolean replayed) {
    List<Report.StageRate> out = new ArrayList<>();
    List<Integer> alive = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) alive.add(i);
    alive = scenarioStage(out, "tasks", alive, i -> !defs.get(i).tasks().isEmpty());
    alive = scenarioStage(out, "schema", alive, i -> !defs.get(i).schema().tables().isEmpty());
    alive = scenarioStage(out, "sample", alive, i -> !defs.get(i).sampleData().tables().isEmpty());
    alive = scenarioStage(out, "spec", alive, i -> !defs.get(i).spec().endpoints().isEmpty());
    alive = scenarioStage(out, "tools", alive, i -> defs.get(i).toolCode() != null && !defs.get(i).toolCode().source().isBlank());
    alive = scenarioStage(out, "build", alive, i -> envs.get(i).built());

    List<Report.Task> tasks = new ArrayList<>();
    for (int i : alive) tasks.addAll(envs.get(i).tasks());
    List<Report.Task> verified = tasks.stream().filter(Report.Task::verifier).toList();
    out.add(new Report.StageRate("verifier", "tasks", tasks.size(), verified.size()));
    long solved = verified.stream().filter(t -> t.toolsUsed() != null).count();
    out.add(new Report.StageRate("solution", "tasks", verified.size(), solved));
    List<Report.Task> examined = tasks.stream().filter(t -> t.trust() != null).toList();
    if (!examined.isEmpty()) {
      out.add(new Report.StageRate("trusted", "tasks", examined.size(), examined.stream().filter(t -> t.trust().trusted()).count()));
    }
    if (replayed) {
      List<Report.Task> played = tasks.stream().filter(t -> t.replay() != null).toList();
      out.add(new Report.StageRate("replay", "tasks", played.size(), played.stream().filter(t -> t.replay().passed()).count()));
    }
    return out;
  }

  private static List<Integer> scenarioStage(List<Report.StageRate> out, String stage, List<Integer> in, Predicate<Integer> has) {
    List<Integer> kept = in.stream().filter(has).toList();
    out.add(new Report.StageRate(stage, "scenarios", in.size(), kept.size()));
    return kept;
  }
}
