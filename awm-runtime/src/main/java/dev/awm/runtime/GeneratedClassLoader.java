package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.util.Map;
import java.util.Set;

/**
 * Defines the classes of one compiled unit of generated code. Any other class they link to is
 * loaded from the host only when the {@link CodePolicy} allows it (plus the three the compiler
 * itself needs), so a reference that slipped past the compile-time checks fails to link instead of
 * running. It has no parent: nothing is found by delegation. The JDK's own reflection accessors
 * for these classes (generated after a few reflective calls, defined as children of this loader)
 * also resolve through it, so their few runtime classes are allowed too.
 */
final class GeneratedClassLoader extends ClassLoader {
  private static final Set<String> COMPILER_CLASSES = Set.of("java.lang.Class", "java.lang.System",
      SandboxTick.OWNER.replace('/', '.'), "java.lang.reflect.InvocationTargetException");
  private static final String REFLECTION_ACCESSORS = "jdk.internal.reflect.";

  private final Map<String, byte[]> bytecode;
  private final ClassLoader host;
  private final CodePolicy policy;

  GeneratedClassLoader(Map<String, byte[]> bytecode, ClassLoader host, CodePolicy policy) {
    super("awm-generated", null);
    // where awm-runtime is a named module, the tick calls the compiler inserts must link to a package it exports to no one else
    SandboxTick.class.getModule().addExports(SandboxTick.class.getPackageName(), getUnnamedModule());
    this.bytecode = Map.copyOf(bytecode);
    this.host = host;
    this.policy = policy;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        byte[] b = bytecode.get(name);
        if (b != null) {
          c = defineClass(name, b, 0, b.length);
        } else if (policy.allows(name) || COMPILER_CLASSES.contains(name) || name.startsWith(REFLECTION_ACCESSORS)) {
          c = Class.forName(name, false, host);
        } else {
          throw new ClassNotFoundException(name + " is not allowed in generated code");
        }
      }
      if (resolve) resolveClass(c);
      return c;
    }
  }

  /** The unit's class files, by binary class name. */
  Map<String, byte[]> bytecode() {
    return bytecode;
  }

  /** Whether {@code c} is a class of generated code (its methods are untrusted). */
  static boolean isGenerated(Class<?> c) {
    return c.getClassLoader() instanceof GeneratedClassLoader;
  }
}
