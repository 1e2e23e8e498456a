package dev.awm.verify;

import dev.awm.core.internal.JsonValues;
import dev.awm.core.VerifierCode;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.api.Db;
import java.util.Map;

/**
 * One task's sql-mode verifier, as in the reference implementation's {@code --mode sql}: generated
 * code gathers evidence from the initial and the final database, and a {@link Judge} decides from
 * the task, the trajectory and that evidence. Contract:
 * {@code public Map gather(Db initial, Db current)} returning plain JSON values. Thread-safe.
 */
public final class SqlVerifier {
  private final VerifierClass verifier;

  private SqlVerifier(VerifierClass verifier) {
    this.verifier = verifier;
  }

  /**
   * Compiles the evidence-gathering verifier of one task.
   *
   * @param environment the environment's name, for messages
   * @param code the task's verifier; sql mode, Java
   * @return the compiled verifier, under the default sandbox limits
   */
  public static SqlVerifier compile(String environment, VerifierCode code) {
    return compile(environment, code, dev.awm.runtime.SandboxLimits.defaults());
  }

  static SqlVerifier compile(String environment, VerifierCode code, dev.awm.runtime.SandboxLimits limits) {
    return new SqlVerifier(VerifierClass.compile(environment, code, limits, Map.class, "gather",
        "public Map gather(Db initial, Db current)", Db.class, Db.class));
  }

  /** {@return the task this verifier belongs to} */
  public int taskIndex() {
    return verifier.taskIndex();
  }

  /**
   * Gathers the evidence (a deep, immutable copy of what the code returned, made of plain JSON
   * values only). Run this inside {@link dev.awm.runtime.EnvironmentHandle#inspect}, as
   * {@link TaskVerifiers} does: the copy too runs the code's own methods.
   *
   * @param initial a read-only view of the database as the episode began
   * @param current a read-only view of the database now
   * @return the evidence as an immutable map of plain JSON values
   * @throws VerifierException if the code throws, returns null, or returns something that is not JSON
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> gather(Db initial, Db current) {
    Object evidence = verifier.invoke(initial, current);
    try {
      return JsonValues.immutableCopy((Map<String, ?>) evidence);
    } catch (RuntimeException e) {
      throw new VerifierException("evidence of task " + verifier.taskIndex() + " is not plain JSON: " + e.getMessage(), null);
    }
  }
}
