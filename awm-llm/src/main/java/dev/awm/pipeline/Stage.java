package dev.awm.pipeline;

import dev.awm.core.AwmDirectory;

/** The stages of synthesis, in order. Each writes the AWM file named by {@link #file()}. */
public enum Stage {
  /** New scenarios from seed scenarios: generated, classified, de-duplicated, balanced. */
  SCENARIOS("scenarios", AwmDirectory.SCENARIOS),
  /** User tasks per scenario. */
  TASKS("tasks", AwmDirectory.TASKS),
  /** The SQLite schema, executed on a scratch database. */
  SCHEMA("schema", AwmDirectory.DB),
  /** The initial rows, inserted one by one. */
  SAMPLE("sample", AwmDirectory.SAMPLE),
  /** The API spec. */
  SPEC("spec", AwmDirectory.SPEC),
  /** The Java tool code, compiled and exercised with the spec's examples. */
  TOOLS("tools", AwmDirectory.ENVS),
  /** A verifier per task, rejected when it rewards doing nothing. */
  VERIFIERS("verifier", AwmDirectory.VERIFIERS),
  /** A reference solution per task, replayed until its verifier says complete. */
  SOLUTIONS("solution", AwmDirectory.SOLUTIONS),
  /** A reference environment's Python tool code translated to Java, checked against the original ({@link Port}). */
  PORT_TOOLS("port_tools", AwmDirectory.ENVS),
  /** A reference environment's Python verifier translated to Java, checked against the original ({@link Port}). */
  PORT_VERIFIERS("port_verifier", AwmDirectory.VERIFIERS);

  private final String key;
  private final String file;

  Stage(String key, String file) {
    this.key = key;
    this.file = file;
  }

  /** {@return the stage's name in request purposes and logs ({@code tasks}, {@code schema}, ...)} */
  public String key() {
    return key;
  }

  /**
   * The AWM file the stage writes.
   *
   * @return the file's name, for example {@code gen_tasks.jsonl}
   */
  public String file() {
    return file;
  }
}
