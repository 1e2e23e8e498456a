package dev.awm.runtime;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the class files Janino produced from generated code against a {@link CodePolicy}: every
 * class, field and method the code references (instructions, exception handlers, signatures, local
 * variables, super types) must be allowed, and a few members of allowed classes are refused. This
 * catches what name resolution alone cannot: members reached through allowed types
 * ({@code System.exit}, {@code "".getClass()}), and types that appear only in signatures.
 */
final class BytecodeCheck {
  /** A refused reference, at a source line (0 when unknown). */
  static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    Violation(int line, String message) {
      super(message, null, false, false);
      this.line = line;
    }
  }

  /** Members refused on any class: reflection, monitors, printing, JVM-wide state, threads. */
  private static final Map<String, String> REFUSED_NAMES = Map.of(
      "getClass", "reflection is not allowed",
      "printStackTrace", "generated code must not print",
      "setDefault", "it changes JVM-wide state",
      "parallelSort", "it runs on other threads",
      "parallelPrefix", "it runs on other threads",
      "parallelSetAll", "it runs on other threads",
      "parallelStream", "it runs on other threads");
  /** Object's monitor methods (final, so whatever the owner, these descriptors are Object's). */
  private static final Set<String> MONITOR_METHODS = Set.of("wait()V", "wait(J)V", "wait(JI)V", "notify()V", "notifyAll()V");
  /** Members of otherwise allowed classes that read system properties. */
  private static final Set<String> REFUSED_MEMBERS =
      Set.of("java/lang/Integer.getInteger", "java/lang/Long.getLong", "java/lang/Boolean.getBoolean");
  private static final Set<String> SYSTEM_MEMBERS =
      Set.of("currentTimeMillis", "nanoTime", "arraycopy", "identityHashCode", "lineSeparator");
  /** Exactly these references to otherwise refused classes are emitted by Janino itself. */
  private static final Set<String> COMPILER_MEMBERS = Set.of(
      "java/lang/Enum.valueOf(Ljava/lang/Class;Ljava/lang/String;)Ljava/lang/Enum;",
      "java/lang/Class.desiredAssertionStatus()Z",
      SandboxTick.OWNER + ".check()V");
  private static final List<String> RESERVED_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.awm.", "org.codehaus.", "org.sqlite.", "org.slf4j.");

  private final CodePolicy policy;
  private final Set<String> own;

  private BytecodeCheck(CodePolicy policy, Set<String> own) {
    this.policy = policy;
    this.own = own;
  }

  /**
   * Checks every class of one compilation unit.
   *
   * @param classes binary class name to class file
   * @throws Violation naming the first refused reference and its line
   */
  static void check(CodePolicy policy, Map<String, byte[]> classes) {
    for (String name : classes.keySet()) {
      for (String reserved : RESERVED_PACKAGES) {
        if (name.startsWith(reserved)) {
          throw new Violation(0, "generated classes may not be declared in package " + reserved + "*: " + name);
        }
      }
    }
    BytecodeCheck check = new BytecodeCheck(policy, classes.keySet());
    for (byte[] bytes : classes.values()) check.checkClass(new ClassFileReader(bytes));
  }

  private void checkClass(ClassFileReader cf) {
    int classLine = 0;
    for (ClassFileReader.Member m : cf.methods) {
      int first = m.firstLine();
      if (first > 0 && (classLine == 0 || first < classLine)) classLine = first;
    }
    if (cf.superName != null) type(cf.superName, classLine);
    for (String i : cf.interfaces) type(i, classLine);
    for (ClassFileReader.Member f : cf.fields) descriptor(f.descriptor(), classLine);
    for (ClassFileReader.Member m : cf.methods) checkMethod(cf, m, classLine);
  }

  private void checkMethod(ClassFileReader cf, ClassFileReader.Member m, int classLine) {
    int line = m.firstLine() == 0 ? classLine : m.firstLine();
    if (Modifier.isSynchronized(m.access())) throw new Violation(line, "synchronized methods are not allowed: " + m.name());
    if (Modifier.isNative(m.access())) throw new Violation(line, "native methods are not allowed: " + m.name());
    if (m.name().equals("finalize") && m.descriptor().equals("()V")) {
      throw new Violation(line, "finalize() is not allowed: it would run on the JVM's finalizer thread");
    }
    descriptor(m.descriptor(), line);
    for (ClassFileReader.LocalVar v : m.locals()) descriptor(v.descriptor(), m.line(v.start()));
    byte[] code = m.code();
    if (code == null) return;
    for (int t : m.catchTypes()) if (t != 0) type(cf.className(t), line);
    for (int pc = 0; pc < code.length; pc += ClassFileReader.instructionLength(code, pc)) {
      instruction(cf, m, code, pc);
    }
  }

  private void instruction(ClassFileReader cf, ClassFileReader.Member m, byte[] code, int pc) {
    int op = code[pc] & 0xFF;
    switch (op) {
      case 0x12, 0x13 -> constant(cf, op == 0x12 ? code[pc + 1] & 0xFF : ClassFileReader.u2(code, pc + 1), m.line(pc));
      case 0xb2, 0xb4, 0xb5 -> field(cf.memberRef(ClassFileReader.u2(code, pc + 1)), m.line(pc));
      case 0xb3 -> {
        String[] ref = cf.memberRef(ClassFileReader.u2(code, pc + 1));
        if (!m.name().equals("<clinit>") || !ref[0].equals(cf.name)) {
          throw new Violation(m.line(pc), "static field " + ref[1] + " may only be assigned in its initializer "
              + "(static state would be shared by every handle)");
        }
        field(ref, m.line(pc));
      }
      case 0xb6, 0xb7, 0xb8, 0xb9 -> method(cf.memberRef(ClassFileReader.u2(code, pc + 1)), m.line(pc));
      case 0xba -> throw new Violation(m.line(pc), "invokedynamic is not allowed");
      case 0xbb, 0xbd, 0xc0, 0xc1, 0xc5 -> type(cf.className(ClassFileReader.u2(code, pc + 1)), m.line(pc));
      case 0xc2 -> throw new Violation(m.line(pc), "synchronized blocks are not allowed (threads and monitors)");
      default -> { }
    }
  }

  private void constant(ClassFileReader cf, int index, int line) {
    ClassFileReader.Constant c = cf.pool[index];
    if (c.tag() == ClassFileReader.CLASS) {
      String name = cf.className(index);
      if (!own.contains(binary(elementType(name)))) throw refused(binary(elementType(name)) + ".class (a class literal)", line, "reflection is not allowed");
    } else if (c.tag() >= ClassFileReader.METHOD_HANDLE) {
      throw new Violation(line, "method handles and dynamic constants are not allowed");
    }
  }

  private void field(String[] ref, int line) {
    if (ref[0].equals("java/lang/System")) throw refused("java.lang.System." + ref[1], line, "only System.currentTimeMillis, nanoTime, arraycopy, identityHashCode and lineSeparator are allowed");
    type(ref[0], line);
    descriptor(ref[2], line);
  }

  private void method(String[] ref, int line) {
    String owner = ref[0];
    String name = ref[1];
    if (COMPILER_MEMBERS.contains(owner + "." + name + ref[2])) return;
    if (MONITOR_METHODS.contains(name + ref[2])) throw refused("java.lang.Object." + name, line, "threads and monitors are not allowed");
    String why = REFUSED_NAMES.get(name);
    if (why != null || REFUSED_MEMBERS.contains(owner + "." + name)) {
      throw refused(binary(elementType(owner)) + "." + name, line, why == null ? "it reads system properties" : why);
    }
    if (owner.equals("java/lang/System")) {
      if (!SYSTEM_MEMBERS.contains(name)) {
        throw refused("java.lang.System." + name, line, "only System.currentTimeMillis, nanoTime, arraycopy, identityHashCode and lineSeparator are allowed");
      }
    } else {
      type(owner, line);
    }
    descriptor(ref[2], line);
  }

  /** Checks every class named in a field or method descriptor. */
  private void descriptor(String descriptor, int line) {
    int i = 0;
    while (i < descriptor.length()) {
      char c = descriptor.charAt(i);
      if (c == 'L') {
        int end = descriptor.indexOf(';', i);
        type(descriptor.substring(i + 1, end), line);
        i = end + 1;
      } else {
        i++;
      }
    }
  }

  /** Checks a class given by internal name or array descriptor. */
  private void type(String internal, int line) {
    String element = elementType(internal);
    if (element.length() == 1) return;
    String name = binary(element);
    if (own.contains(name) || policy.allows(name)) return;
    throw refused(name, line, null);
  }

  private static String elementType(String internal) {
    int i = 0;
    while (i < internal.length() && internal.charAt(i) == '[') i++;
    if (i == 0) return internal;
    String rest = internal.substring(i);
    return rest.startsWith("L") ? rest.substring(1, rest.length() - 1) : rest;
  }

  private static String binary(String internal) {
    return internal.replace('/', '.');
  }

  private static Violation refused(String what, int line, String why) {
    return new Violation(line, what + " is not allowed in generated code" + (why == null ? "" : " (" + why + ")"));
  }
}
