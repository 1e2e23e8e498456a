package dev.awm.runtime;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles one generated Java compilation unit in-process with Janino and loads its classes in a
 * class loader of their own. Used for tool code here and for verifiers by awm-verify. Thread-safe
 * (each call uses its own compiler).
 */
public final class CodeCompiler {
  private static final int TARGET_VERSION = 11;

  private CodeCompiler() {}

  /**
   * Compiles {@code source} and returns its public top-level classes.
   *
   * @param environment the environment's name, for messages
   * @param unit what is compiled, for messages (for example {@code tools})
   * @throws CodeCompileException with the line, column and Janino's message when it does not compile
   */
  public static List<Class<?>> compile(String environment, String unit, String source) {
    SimpleCompiler compiler = new SimpleCompiler();
    compiler.setParentClassLoader(CodeCompiler.class.getClassLoader());
    compiler.setTargetVersion(TARGET_VERSION);
    compiler.setDebuggingInformation(true, true, false);
    try {
      compiler.cook(unit, new StringReader(source));
    } catch (CompileException e) {
      Location loc = e.getLocation();
      String detail = e.getMessage() == null ? e.toString() : e.getMessage();
      if (loc != null) {
        String prefix = loc + ": ";
        if (detail.startsWith(prefix)) detail = detail.substring(prefix.length());
      }
      throw new CodeCompileException(environment, unit, loc == null ? 0 : loc.getLineNumber(),
          loc == null ? 0 : loc.getColumnNumber(), detail, e);
    } catch (IOException e) {
      throw new EnvironmentBuildException(environment, unit + " could not be read: " + e.getMessage(), e);
    }
    List<Class<?>> out = new ArrayList<>();
    ClassLoader loader = compiler.getClassLoader();
    for (String name : compiler.getBytecodes().keySet()) {
      if (name.contains("$")) continue;
      try {
        Class<?> c = loader.loadClass(name);
        if (Modifier.isPublic(c.getModifiers())) out.add(c);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new EnvironmentBuildException(environment, unit + ": class " + name + " could not be loaded: " + e, e);
      }
    }
    if (out.isEmpty()) throw new EnvironmentBuildException(environment, unit + " declares no public top-level class");
    return out;
  }
}
