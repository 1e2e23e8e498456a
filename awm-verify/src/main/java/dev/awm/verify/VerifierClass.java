package dev.awm.verify;

import dev.awm.core.VerifierCode;
import java.lang.reflect.InvocationTargetException;
import dev.awm.runtime.SandboxLimits;
import dev.awm.runtime.internal.VerifierUnit;

/**
 * A compiled verifier unit: the public class with a no-argument constructor and the entry method
 * the mode asks for. Shared by code-mode and sql-mode verifiers. Thread-safe.
 *
 * <p>Verifiers are generated code: they compile under the tool code's policy plus
 * {@code dev.awm.verify.api.Verdict}, and {@link #invoke} must run inside a sandbox run
 * ({@link dev.awm.runtime.EnvironmentHandle#inspect}), since even the messages of what a verifier
 * throws may be its own code.
 */
final class VerifierClass {
  private final VerifierUnit unit;

  private VerifierClass(VerifierUnit unit) {
    this.unit = unit;
  }

  /**
   * Compiles {@code code}, its static initializers under the verifier time limit and the memory limit of {@code limits}, and finds
   * {@code returnType name(parameterTypes)}; {@code signature} is for the error.
   */
  static VerifierClass compile(String environment, VerifierCode code, SandboxLimits limits, Class<?> returnType, String name,
      String signature, Class<?>... parameterTypes) {
    return new VerifierClass(VerifierUnit.compile(environment, code, limits, returnType, name, signature, parameterTypes));
  }

  /** The verifier of {@code unit}, compiled already. */
  static VerifierClass of(VerifierUnit unit) {
    return new VerifierClass(unit);
  }

  /** The class found. */
  Class<?> type() {
    return unit.type();
  }

  int taskIndex() {
    return unit.taskIndex();
  }

  /**
   * Runs the entry method on a new instance; a throw or a null result is a {@link VerifierException}
   * (naming what was thrown, without keeping it: it may be of the verifier's own classes).
   */
  Object invoke(Object... args) {
    Object result;
    try {
      result = unit.entry().invoke(unit.constructor().newInstance(), args);
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      throw new VerifierException("verifier of task " + unit.taskIndex() + " threw " + describe(t) + where(t), null);
    } catch (ReflectiveOperationException e) {
      throw new VerifierException("verifier of task " + unit.taskIndex() + " could not be run: " + e, e);
    }
    if (result == null) throw new VerifierException("verifier of task " + unit.taskIndex() + " returned null", null);
    return result;
  }

  private static String describe(Throwable t) {
    String message;
    try {
      message = t.getMessage();
    } catch (RuntimeException e) {
      message = "(its message could not be read)";
    }
    if (message != null && message.length() > 2000) message = message.substring(0, 2000) + "...";
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private String where(Throwable t) {
    try {
      for (StackTraceElement e : t.getStackTrace()) {
        if (e.getClassName().startsWith(unit.type().getName()) && e.getLineNumber() > 0) return " (line " + e.getLineNumber() + ")";
      }
    } catch (RuntimeException e) {
      // a throwable of the verifier's own class whose stack trace cannot be read
    }
    return "";
  }
}
