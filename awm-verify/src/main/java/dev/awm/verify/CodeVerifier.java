package dev.awm.verify;

import dev.awm.core.VerifierCode;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.HostVerifier;
import dev.awm.runtime.api.Db;
import dev.awm.verify.api.Verdict;

/**
 * One task's code-mode verifier: generated Java compiled once with Janino, or a
 * {@link HostVerifier} given in code. It decides complete or others by itself (see
 * {@code docs/tool-code-contract.md}). Thread-safe: each run of generated code uses a new instance.
 */
public final class CodeVerifier {
  private final VerifierClass verifier;
  private final int hostTask;
  private final HostVerifier host;

  private CodeVerifier(VerifierClass verifier, int hostTask, HostVerifier host) {
    this.verifier = verifier;
    this.hostTask = hostTask;
    this.host = host;
  }

  /** Task {@code taskIndex}'s verifier given as host code (trusted, run as it is). */
  static CodeVerifier host(int taskIndex, HostVerifier host) {
    return new CodeVerifier(null, taskIndex, host);
  }

  /**
   * Compiles the verifier of one task.
   *
   * @param environment the environment's name, for messages
   * @param code the task's verifier; code mode, Java
   * @return the compiled verifier, under the default sandbox limits
   * @throws EnvironmentBuildException (a {@link dev.awm.runtime.CodeCompileException} with line and
   *     column when it does not compile) naming the environment and the task
   */
  public static CodeVerifier compile(String environment, VerifierCode code) {
    return compile(environment, code, dev.awm.runtime.SandboxLimits.defaults());
  }

  static CodeVerifier compile(String environment, VerifierCode code, dev.awm.runtime.SandboxLimits limits) {
    return new CodeVerifier(VerifierClass.compile(environment, code, limits, Verdict.class, "verify",
        "public Verdict verify(Db initial, Db current, String finalAnswer)", Db.class, Db.class, String.class), -1, null);
  }

  /** The class of generated code this verifier runs; null for host code (for tests). */
  Class<?> compiledType() {
    return verifier == null ? null : verifier.type();
  }

  /** The verifier of a unit compiled already (by {@code EnvironmentBuilder}, when it built the environment). */
  static CodeVerifier of(dev.awm.runtime.internal.VerifierUnit unit) {
    return new CodeVerifier(VerifierClass.of(unit), -1, null);
  }

  /** {@return the task this verifier belongs to} */
  public int taskIndex() {
    return host != null ? hostTask : verifier.taskIndex();
  }

  /**
   * Runs the verifier on read-only views of the two databases. The verifier is generated code: run
   * this inside {@link dev.awm.runtime.EnvironmentHandle#inspect}, as {@link TaskVerifiers} does.
   *
   * @param initial a read-only view of the database as the episode began
   * @param current a read-only view of the database now
   * @param finalAnswer the agent's final message; null is taken as empty
   * @return the verifier's verdict (never null)
   * @throws VerifierException if it throws or returns null (the message names the cause)
   */
  public Verdict run(Db initial, Db current, String finalAnswer) {
    String answer = finalAnswer == null ? "" : finalAnswer;
    if (verifier != null) return (Verdict) verifier.invoke(initial, current, answer);
    Verdict v;
    try {
      v = host.verify(initial, current, answer);
    } catch (VerifierException e) {
      throw e;
    } catch (Exception e) {
      throw new VerifierException("verifier of task " + hostTask + " threw " + e, e);
    }
    if (v == null) throw new VerifierException("verifier of task " + hostTask + " returned null", null);
    return v;
  }
}
