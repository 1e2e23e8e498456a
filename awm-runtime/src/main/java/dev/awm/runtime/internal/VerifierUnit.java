package dev.awm.runtime.internal;

import dev.awm.core.VerifierCode;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.SandboxLimits;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A compiled verifier unit: the public class with a no-argument constructor and the entry method
 * its mode asks for. Not API: awm-verify runs these; {@code EnvironmentBuilder} compiles a task's
 * verifier at {@code build()} so that one that does not compile fails there.
 *
 * @param taskIndex the task the verifier belongs to
 * @param type the class found
 * @param constructor its no-argument constructor
 * @param entry the entry method
 */
public record VerifierUnit(int taskIndex, Class<?> type, Constructor<?> constructor, Method entry) {
  /**
   * Compiles {@code code} under the verifier policy (the tool code's plus
   * {@code dev.awm.verify.api.Verdict}), its static initializers under the verifier time limit and the memory
   * limit of {@code limits}, and finds {@code returnType name(parameterTypes)}; {@code signature}
   * is for the error.
   *
   * @throws EnvironmentBuildException (a {@link dev.awm.runtime.CodeCompileException} with line and
   *     column when it does not compile) naming the environment and the task
   */
  public static VerifierUnit compile(String environment, VerifierCode code, SandboxLimits limits, Class<?> returnType, String name,
      String signature, Class<?>... parameterTypes) {
    if (!"java".equalsIgnoreCase(code.language())) {
      throw new EnvironmentBuildException(environment, "verifier of task " + code.taskIndex() + " is " + code.language()
          + "; awm-java runs Java verifiers");
    }
    if (code.code().isBlank()) throw new EnvironmentBuildException(environment, "verifier of task " + code.taskIndex() + " is empty");
    String unit = "verifier " + code.taskIndex();
    List<Class<?>> classes = RuntimeAccess.door().compileVerifier(environment, unit, code.code(), limits.verifierTimeout(),
        limits.maxAllocatedBytes());
    for (Class<?> c : classes) {
      try {
        Method m = c.getMethod(name, parameterTypes);
        if (!returnType.isAssignableFrom(m.getReturnType())) continue;
        return new VerifierUnit(code.taskIndex(), c, c.getConstructor(), m);
      } catch (NoSuchMethodException e) {
        // not this class
      }
    }
    throw new EnvironmentBuildException(environment, unit + ": no public class with a public no-argument constructor and '"
        + signature + "'");
  }

  /** The code-mode signature, {@code Verdict verify(Db initial, Db current, String finalAnswer)}, compiled. */
  public static VerifierUnit compileCodeMode(String environment, VerifierCode code, SandboxLimits limits) {
    return compile(environment, code, limits, dev.awm.verify.api.Verdict.class, "verify",
        "public Verdict verify(Db initial, Db current, String finalAnswer)", dev.awm.runtime.api.Db.class,
        dev.awm.runtime.api.Db.class, String.class);
  }
}
