package dev.awm.verify;

import dev.awm.core.VerifierCode;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.api.Db;
import dev.awm.verify.api.Verdict;

/**
 * One task's code-mode verifier, compiled once with Janino: it decides complete or others by
 * itself (see {@code docs/tool-code-contract.md}). Thread-safe: each run uses a new instance.
 */
public final class CodeVerifier {
  private final VerifierClass verifier;

  private CodeVerifier(VerifierClass verifier) {
    this.verifier = verifier;
  }

  /**
   * Compiles the verifier of one task.
   *
   * @throws EnvironmentBuildException (a {@link dev.awm.runtime.CodeCompileException} with line and
   *     column when it does not compile) naming the environment and the task
   */
  public static CodeVerifier compile(String environment, VerifierCode code) {
    return compile(environment, code, dev.awm.runtime.SandboxLimits.defaults());
  }

  static CodeVerifier compile(String environment, VerifierCode code, dev.awm.runtime.SandboxLimits limits) {
    return new CodeVerifier(VerifierClass.compile(environment, code, limits, Verdict.class, "verify",
        "public Verdict verify(Db initial, Db current, String finalAnswer)", Db.class, Db.class, String.class));
  }

  /** The task this verifier belongs to. */
  public int taskIndex() {
    return verifier.taskIndex();
  }

  /**
   * Runs the verifier on read-only views of the two databases. The verifier is generated code: run
   * this inside {@link dev.awm.runtime.EnvironmentHandle#inspect}, as {@link TaskVerifiers} does.
   *
   * @throws VerifierException if it throws or returns null (the message names the cause)
   */
  public Verdict run(Db initial, Db current, String finalAnswer) {
    return (Verdict) verifier.invoke(initial, current, finalAnswer == null ? "" : finalAnswer);
  }
}
