package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.IClass;
import org.codehaus.janino.Java;
import org.codehaus.janino.Parser;
import org.codehaus.janino.Scanner;
import org.codehaus.janino.UnitCompiler;
import org.codehaus.janino.util.ClassFile;

/**
 * Compiles one generated Java compilation unit in-process with Janino, under a {@link CodePolicy},
 * and loads its classes in a class loader of their own. Used for tool code here and for verifiers
 * by awm-verify. Thread-safe (each call uses its own compiler).
 *
 * <p>The steps: parse; insert the sandbox's cancellation checks ({@link TickInserter}); compile,
 * resolving type names only when the policy allows them ({@link AllowlistIClassLoader}); check the
 * bytecode for every reference ({@link BytecodeCheck}); define the classes in a loader that itself
 * resolves only allowed names; run their static initializers on a sandbox worker, under a time limit;
 * check that every static field then holds a constant ({@link StaticFieldValues}), since a static
 * field is shared by every handle of the environment. Any refusal is a {@link CodeCompileException} with the line and the name of what was refused.
 */
final class CodeCompiler {
  private static final int TARGET_VERSION = 11;

  private CodeCompiler() {}

  /** {@link #compile(String, String, String, CodePolicy, Duration)} with the default policy and call time limit. */
  public static List<Class<?>> compile(String environment, String unit, String source) {
    return compile(environment, unit, source, CodePolicy.defaults(), SandboxLimits.defaults().callTimeout());
  }

  /**
   * Compiles {@code source} and returns its public top-level classes, already initialized.
   *
   * @param environment the environment's name, for messages
   * @param unit what is compiled, for messages (for example {@code tools})
   * @param policy the classes the code may use
   * @param initTimeout how long the static initializers may run
   * @throws CodeCompileException with the line, column and the compiler's message when it does not
   *     compile, or with the line and the refused class or member when it uses what is not allowed
   * @throws EnvironmentBuildException when a static initializer fails or runs too long
   */
  public static List<Class<?>> compile(String environment, String unit, String source, CodePolicy policy,
      Duration initTimeout) {
    return compile(environment, unit, source, policy, initTimeout, SandboxLimits.defaults().maxAllocatedBytes());
  }

  /**
   * {@link #compile(String, String, String, CodePolicy, Duration)}, the static initializers also
   * limited to allocating {@code maxAllocatedBytes} (an environment's own memory limit).
   */
  public static List<Class<?>> compile(String environment, String unit, String source, CodePolicy policy,
      Duration initTimeout, long maxAllocatedBytes) {
    ClassLoader host = CodeCompiler.class.getClassLoader();
    AllowlistIClassLoader names = new AllowlistIClassLoader(host, policy);
    Map<String, byte[]> bytecode = new LinkedHashMap<>();
    try {
      Java.AbstractCompilationUnit parsed = new Parser(new Scanner(unit, new StringReader(source))).parseAbstractCompilationUnit();
      IClass tick = names.host().loadIClass("L" + SandboxTick.OWNER + ";");
      Java.AbstractCompilationUnit checked = new TickInserter(tick).copyAbstractCompilationUnit(parsed);
      UnitCompiler compiler = new UnitCompiler(checked, names);
      compiler.setTargetVersion(TARGET_VERSION);
      List<ClassFile> files = new ArrayList<>();
      compiler.compileUnit(true, true, true, files);
      for (ClassFile f : files) bytecode.put(f.getThisClassName(), f.toByteArray());
    } catch (CompileException e) {
      throw compileError(environment, unit, e, names.refused());
    } catch (IOException | ClassNotFoundException e) {
      throw new EnvironmentBuildException(environment, unit + " could not be compiled: " + e, e);
    } catch (RuntimeException e) {
      // Janino's InternalCompilerException and the like: the code is at fault as often as not
      throw new EnvironmentBuildException(environment, unit + " could not be compiled: " + e.getMessage(), e);
    }
    try {
      BytecodeCheck.check(policy, bytecode);
    } catch (BytecodeCheck.Violation v) {
      throw refused(environment, unit, v);
    }
    GeneratedClassLoader loader = new GeneratedClassLoader(bytecode, host, policy);
    List<Class<?>> out = new ArrayList<>();
    for (String name : bytecode.keySet()) {
      if (name.contains("$")) continue;
      try {
        Class<?> c = loader.loadClass(name);
        if (Modifier.isPublic(c.getModifiers())) out.add(c);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new EnvironmentBuildException(environment, unit + ": class " + name + " could not be loaded: " + e, e);
      }
    }
    if (out.isEmpty()) throw new EnvironmentBuildException(environment, unit + " declares no public top-level class");
    initialize(environment, unit, loader, bytecode.keySet(), initTimeout, maxAllocatedBytes);
    try {
      StaticFieldValues.check(bytecode, loader);
    } catch (BytecodeCheck.Violation v) {
      throw refused(environment, unit, v);
    }
    return out;
  }

  private static CodeCompileException refused(String environment, String unit, BytecodeCheck.Violation v) {
    return new CodeCompileException(environment, unit, v.line, 0, v.getMessage(), null);
  }

  /** Runs every static initializer now, on a sandbox worker, so that none runs later on a caller's thread unbounded. */
  private static void initialize(String environment, String unit, ClassLoader loader, Iterable<String> names, Duration timeout,
      long maxAllocatedBytes) {
    Sandbox.Outcome<String> o = Sandbox.run(Isolation.WORKER_THREAD, timeout.toNanos(), maxAllocatedBytes, () -> {
      for (String name : names) {
        try {
          Class.forName(name, true, loader);
        } catch (SandboxCancelled c) {
          throw c;
        } catch (Throwable t) {
          Throwable cause = t instanceof ExceptionInInitializerError && t.getCause() != null ? t.getCause() : t;
          if (cause instanceof SandboxCancelled) throw (SandboxCancelled) cause;
          return "the static initializer of " + name + " failed: " + Untrusted.describe(cause);
        }
      }
      return null;
    }, () -> { });
    String problem = o.limit() == Sandbox.Limit.TIME ? "the static initializers did not finish within " + timeout.toMillis() + " ms"
        : o.limit() != null ? "the static initializers allocated more than " + (maxAllocatedBytes >> 20) + " MiB (the memory limit)"
        : o.thrown() != null ? "the static initializers failed: " + Untrusted.describeOutside(o.thrown()) : o.value();
    if (problem != null) throw new EnvironmentBuildException(environment, unit + ": " + problem);
  }

  private static CodeCompileException compileError(String environment, String unit, CompileException e, List<String> refused) {
    Location loc = e.getLocation();
    String detail = e.getMessage() == null ? e.toString() : e.getMessage();
    if (loc != null) {
      String prefix = loc + ": ";
      while (detail.startsWith(prefix)) detail = detail.substring(prefix.length());
    }
    String name = refusedNamed(detail, refused);
    if (name != null) detail = name + " is not allowed in generated code (" + detail + ")";
    return new CodeCompileException(environment, unit, loc == null ? 0 : loc.getLineNumber(),
        loc == null ? 0 : loc.getColumnNumber(), detail, e);
  }

  /** The refused class the compiler's message is about, if any: the last one whose name it quotes. */
  private static String refusedNamed(String detail, List<String> refused) {
    for (int i = refused.size() - 1; i >= 0; i--) {
      String name = refused.get(i);
      String simple = name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('$')) + 1);
      String first = name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
      if (detail.contains("\"" + name + "\"") || detail.contains("\"" + simple + "\"") || detail.contains("\"" + first + "\"")) {
        return name;
      }
    }
    return null;
  }
}
