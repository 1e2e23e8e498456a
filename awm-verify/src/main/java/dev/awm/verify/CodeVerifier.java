package dev.awm.verify;

import dev.awm.core.VerifierCode;
import dev.awm.runtime.CodeCompiler;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.api.Db;
import dev.awm.verify.api.Verdict;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * One task's code-mode verifier, compiled once with Janino (see {@code docs/tool-code-contract.md}).
 * Thread-safe: each run uses a new instance of the verifier class.
 */
public final class CodeVerifier {
  private final int taskIndex;
  private final Class<?> type;
  private final Method verify;

  private CodeVerifier(int taskIndex, Class<?> type, Method verify) {
    this.taskIndex = taskIndex;
    this.type = type;
    this.verify = verify;
  }

  /**
   * Compiles the verifier of one task.
   *
   * @throws EnvironmentBuildException (a {@link dev.awm.runtime.CodeCompileException} with line and
   *     column when it does not compile) naming the environment and the task
   */
  public static CodeVerifier compile(String environment, VerifierCode code) {
    if (!"java".equalsIgnoreCase(code.language())) {
      throw new EnvironmentBuildException(environment, "verifier of task " + code.taskIndex() + " is " + code.language()
          + "; awm-java runs Java verifiers");
    }
    if (code.code().isBlank()) throw new EnvironmentBuildException(environment, "verifier of task " + code.taskIndex() + " is empty");
    String unit = "verifier " + code.taskIndex();
    List<Class<?>> classes = CodeCompiler.compile(environment, unit, code.code());
    for (Class<?> c : classes) {
      try {
        Method m = c.getMethod("verify", Db.class, Db.class, String.class);
        if (!Verdict.class.equals(m.getReturnType())) continue;
        c.getConstructor();
        return new CodeVerifier(code.taskIndex(), c, m);
      } catch (NoSuchMethodException e) {
        // not this class
      }
    }
    throw new EnvironmentBuildException(environment, unit + ": no public class with a public no-argument constructor and "
        + "'public Verdict verify(Db initial, Db current, String finalAnswer)'");
  }

  /** The task this verifier belongs to. */
  public int taskIndex() {
    return taskIndex;
  }

  /**
   * Runs the verifier.
   *
   * @throws VerifierException if it throws or returns null (the message names the cause)
   */
  public Verdict run(Db initial, Db current, String finalAnswer) {
    Object verdict;
    try {
      Object instance = type.getConstructor().newInstance();
      verdict = verify.invoke(instance, initial, current, finalAnswer == null ? "" : finalAnswer);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      throw new VerifierException("verifier of task " + taskIndex + " threw " + t.getClass().getSimpleName()
          + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where(t), t);
    } catch (ReflectiveOperationException e) {
      throw new VerifierException("verifier of task " + taskIndex + " could not be run: " + e, e);
    }
    if (verdict == null) throw new VerifierException("verifier of task " + taskIndex + " returned null", null);
    return (Verdict) verdict;
  }

  private String where(Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith(type.getName()) && e.getLineNumber() > 0) return " (line " + e.getLineNumber() + ")";
    }
    return "";
  }
}
