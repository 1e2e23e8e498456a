package dev.awm.pipeline;

import java.util.List;

/** What the model wrote was executed and failed; the problems go back to the model for a retry. */
final class StageRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  StageRejected(List<String> problems) {
    super(String.join("; ", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  StageRejected(String problem) {
    this(List.of(problem));
  }

  List<String> problems() {
    return problems;
  }
}
