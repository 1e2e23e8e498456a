package dev.awm.cli.report;

import java.util.List;

/**
 * What {@code awm report} shows about a directory of environments: every value the page prints,
 * read from the directory's files, its environments as built, and (when asked) a fresh replay of
 * the reference solutions. Plain values; {@link HtmlReport} renders them.
 *
 * @param source the directory, as given
 * @param environments per environment, in the order of the files
 * @param stages how many scenarios or tasks came out of each stage, of those that went in
 * @param givenUp scenarios given up by the last synthesis run ({@code gen_report.jsonl}), with reasons
 * @param replayed whether the reference solutions were replayed for this report
 * @param trustRecords whether the directory has any trust record ({@code gen_report.jsonl})
 */
record Report(String source, List<Env> environments, List<StageRate> stages, List<Drop> givenUp, boolean replayed,
    boolean trustRecords) {
  Report {
    environments = List.copyOf(environments);
    stages = List.copyOf(stages);
    givenUp = List.copyOf(givenUp);
  }

  /** A total over the environments. */
  long sum(java.util.function.ToLongFunction<Env> f) {
    return environments.stream().mapToLong(f).sum();
  }

  /**
   * One environment.
   *
   * @param name the normalized scenario name (the environment's name)
   * @param title the scenario's name as written
   * @param description what the application does
   * @param built whether it builds and has tools (else {@code failures} says why)
   * @param tables its tables (rows unknown when it did not build)
   * @param tools its tools (from the spec when it did not build)
   * @param tasks its tasks
   * @param failures what is wrong with it as a whole: build errors, skipped sample rows, a give-up
   */
  record Env(String name, String title, String description, boolean built, List<Table> tables, List<Tool> tools, List<Task> tasks,
      List<String> failures) {
    Env {
      tables = List.copyOf(tables);
      tools = List.copyOf(tools);
      tasks = List.copyOf(tasks);
      failures = List.copyOf(failures);
    }

    /** Rows over all tables (unknown tables count zero). */
    long rows() {
      return tables.stream().mapToLong(t -> Math.max(0, t.rows())).sum();
    }

    /** Tasks with a verifier. */
    long verified() {
      return tasks.stream().filter(Task::verifier).count();
    }

    /** Tasks with a reference solution. */
    long solved() {
      return tasks.stream().filter(t -> t.toolsUsed() != null).count();
    }

    /** Tasks whose trust record says trusted. */
    long trusted() {
      return tasks.stream().filter(t -> t.trust() != null && t.trust().trusted()).count();
    }

    /** Tasks with a trust record. */
    long examined() {
      return tasks.stream().filter(t -> t.trust() != null).count();
    }

    /** Tasks whose replay passed. */
    long replayPassed() {
      return tasks.stream().filter(t -> t.replay() != null && t.replay().passed()).count();
    }

    /** Tasks replayed. */
    long replayed() {
      return tasks.stream().filter(t -> t.replay() != null).count();
    }

    /** Tools some reference solution calls. */
    long toolsUsed() {
      return tools.stream().filter(t -> !t.usedBy().isEmpty()).count();
    }

    /** Whether anything about it failed: a failure, a dropped or untrusted task, a failed replay. */
    boolean troubled() {
      return !failures.isEmpty() || tasks.stream().anyMatch(Task::troubled);
    }
  }

  /**
   * One table.
   *
   * @param name the table's name
   * @param rows its rows in the initial database, or -1 when unknown (the environment did not build)
   * @param columns its columns
   * @param sample its first rows, as text, in column order
   */
  record Table(String name, long rows, List<String> columns, List<List<String>> sample) {
    Table {
      columns = List.copyOf(columns);
      sample = sample.stream().map(List::copyOf).toList();
    }
  }

  /**
   * One tool.
   *
   * @param name its name (the operation id)
   * @param summary what it does
   * @param usedBy the tasks whose reference solution calls it
   */
  record Tool(String name, String summary, List<Integer> usedBy) {
    Tool {
      usedBy = List.copyOf(usedBy);
    }
  }

  /**
   * One task.
   *
   * @param index its index
   * @param text what the user asks
   * @param verifier whether it has a verifier
   * @param toolsUsed the tools its reference solution calls, in order, or null without a solution
   * @param trust its trust record from the last synthesis run, or null
   * @param replay its replay for this report, or null when not replayed
   * @param notRun why it was not replayed (when replays were asked for), or null
   * @param drops why synthesis dropped it, if it did
   */
  record Task(int index, String text, boolean verifier, List<String> toolsUsed, Trust trust, Replay replay, String notRun,
      List<Drop> drops) {
    Task {
      toolsUsed = toolsUsed == null ? null : List.copyOf(toolsUsed);
      drops = List.copyOf(drops);
    }

    /** Dropped, untrusted, or failing its replay. */
    boolean troubled() {
      return !drops.isEmpty() || (trust != null && !trust.trusted()) || (replay != null && !replay.passed());
    }
  }

  /**
   * A task's trust record, as the cross-examination of its verifier wrote it.
   *
   * @param trusted every check passed and every kind of check ran
   * @param passed no check failed
   * @param missing the kinds of check that did not run
   * @param checks the checks
   * @param revisions how many times the verifier was revised
   * @param kept whether the task was kept
   * @param note why there is no cross-examination (a sql-mode verifier without a judge), or null
   */
  record Trust(boolean trusted, boolean passed, List<String> missing, List<Check> checks, int revisions, boolean kept, String note) {
    Trust {
      missing = List.copyOf(missing);
      checks = List.copyOf(checks);
    }
  }

  /**
   * One check of a trust record.
   *
   * @param kind reference, no_op, alternative, near_miss or false_claim
   * @param subject which episode
   * @param expected what the verifier had to say
   * @param outcome what it said
   * @param passed whether that was right
   * @param details the verifier's details
   */
  record Check(String kind, String subject, String expected, String outcome, boolean passed, String details) {}

  /**
   * A task's replay: the reference solution on a fresh database must be rewarded complete, the no-op
   * episode must not be.
   *
   * @param passed both held
   * @param reference what the reference solution was rewarded ("" when it has none)
   * @param noop what the no-op episode was rewarded
   * @param problems what went wrong
   */
  record Replay(boolean passed, String reference, String noop, List<String> problems) {
    Replay {
      problems = List.copyOf(problems);
    }
  }

  /**
   * A scenario given up or a task dropped by synthesis.
   *
   * @param scenario the scenario
   * @param stage the stage
   * @param task the task, or null for the whole scenario
   * @param reason why
   */
  record Drop(String scenario, String stage, Integer task, String reason) {}

  /**
   * A stage's yield.
   *
   * @param stage its name
   * @param unit scenarios or tasks
   * @param in how many went in
   * @param out how many came out
   */
  record StageRate(String stage, String unit, long in, long out) {
    /** out / in in percent (100 when none went in). */
    double percent() {
      return in == 0 ? 100 : 100.0 * out / in;
    }
  }
}
