package dev.awm.verify;

import dev.awm.core.VerifierCode;
import dev.awm.runtime.CodeCompiler;
import dev.awm.runtime.EnvironmentBuildException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A compiled verifier unit: the public class with a no-argument constructor and the entry method
 * the mode asks for. Shared by code-mode and sql-mode verifiers. Thread-safe.
 */
final class VerifierClass {
  private final int taskIndex;
  private final Class<?> type;
  private final Method entry;

  private VerifierClass(int taskIndex, Class<?> type, Method entry) {
    this.taskIndex = taskIndex;
    this.type = type;
    this.entry = entry;
  }

  /** Compiles {@code code} and finds {@code returnType name(parameterTypes)}; {@code signature} is for the error. */
  static VerifierClass compile(String environment, VerifierCode code, Class<?> returnType, String name, String signature,
      Class<?>... parameterTypes) {
    if (!"java".equalsIgnoreCase(code.language())) {
      throw new EnvironmentBuildException(environment, "verifier of task " + code.taskIndex() + " is " + code.language()
          + "; awm-java runs Java verifiers");
    }
    if (code.code().isBlank()) throw new EnvironmentBuildException(environment, "verifier of task " + code.taskIndex() + " is empty");
    String unit = "verifier " + code.taskIndex();
    List<Class<?>> classes = CodeCompiler.compile(environment, unit, code.code());
    for (Class<?> c : classes) {
      try {
        Method m = c.getMethod(name, parameterTypes);
        if (!returnType.isAssignableFrom(m.getReturnType())) continue;
        c.getConstructor();
        return new VerifierClass(code.taskIndex(), c, m);
      } catch (NoSuchMethodException e) {
        // not this class
      }
    }
    throw new EnvironmentBuildException(environment, unit + ": no public class with a public no-argument constructor and '"
        + signature + "'");
  }

  int taskIndex() {
    return taskIndex;
  }

  /** Runs the entry method on a new instance; a throw or a null result is a {@link VerifierException}. */
  Object invoke(Object... args) {
    Object result;
    try {
      result = entry.invoke(type.getConstructor().newInstance(), args);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      throw new VerifierException("verifier of task " + taskIndex + " threw " + t.getClass().getSimpleName()
          + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where(t), t);
    } catch (ReflectiveOperationException e) {
      throw new VerifierException("verifier of task " + taskIndex + " could not be run: " + e, e);
    }
    if (result == null) throw new VerifierException("verifier of task " + taskIndex + " returned null", null);
    return result;
  }

  private String where(Throwable t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith(type.getName()) && e.getLineNumber() > 0) return " (line " + e.getLineNumber() + ")";
    }
    return "";
  }
}
