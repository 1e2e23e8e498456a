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
 *
 * <p>Static fields hold constants only: each must be {@code final} and not an array (what they hold
 * once the static initializers ran is checked by {@link StaticFieldValues}). The one exception is
 * the values array Janino generates for an enum ({@value #ENUM_VALUES}), which only the enum's own
 * static initializer and {@code values()} (which copies it) may touch.
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
  /** Members of otherwise allowed classes, and why they are refused. */
  private static final Map<String, String> REFUSED_MEMBERS = Map.of(
      "java/lang/Integer.getInteger", "it reads system properties",
      "java/lang/Long.getLong", "it reads system properties",
      "java/lang/Boolean.getBoolean", "it reads system properties",
      "java/lang/String.intern", "whether a string was interned before is state shared between episodes");
  private static final Set<String> SYSTEM_MEMBERS = Set.of("nanoTime", "arraycopy", "identityHashCode", "lineSeparator");
  private static final String SYSTEM_RULE = "only System.nanoTime, arraycopy, identityHashCode and lineSeparator are allowed";
  /** Why the wall clock is refused, and what to use instead; ends every such refusal. */
  static final String CLOCK_RULE = "it reads the wall clock or the machine's time zone, so the same actions would give "
      + "different results on different days; use db.now() or db.today(), the environment's simulated now (UTC), "
      + "or pass a date to java.time's of(...)/parse(...)";
  /** Constructors that read the wall clock or the machine's zone (owner.name + descriptor). */
  private static final Set<String> CLOCK_CONSTRUCTORS = Set.of("java/util/Date.<init>()V",
      "java/util/GregorianCalendar.<init>()V", "java/util/GregorianCalendar.<init>(Ljava/util/TimeZone;)V",
      "java/util/GregorianCalendar.<init>(Ljava/util/Locale;)V",
      "java/util/GregorianCalendar.<init>(Ljava/util/TimeZone;Ljava/util/Locale;)V");
  /** Exactly these references to otherwise refused classes are emitted by Janino itself. */
  private static final Set<String> COMPILER_MEMBERS = Set.of(
      "java/lang/Enum.valueOf(Ljava/lang/Class;Ljava/lang/String;)Ljava/lang/Enum;",
      "java/lang/Class.desiredAssertionStatus()Z",
      SandboxTick.OWNER + ".check()V");
  /** The name of the array of its constants that Janino generates in every enum. */
  static final String ENUM_VALUES = "ENUM$VALUES";
  /** Why static fields may hold constants only, and what to do instead; ends every such refusal. */
  static final String STATIC_RULE = "generated code may keep only constants in static fields (primitives, strings, "
      + "List.of/Map.of/Set.of of constants): state shared by every handle would leak between episodes; "
      + "keep per-handle state in instance fields or in the database";
  private static final int ACC_STATIC = 0x0008, ACC_FINAL = 0x0010;
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
    for (ClassFileReader.Member f : cf.fields) {
      descriptor(f.descriptor(), classLine);
      if ((f.access() & ACC_STATIC) != 0) staticField(cf, f, classLine);
    }
    for (ClassFileReader.Member m : cf.methods) checkMethod(cf, m, classLine);
  }

  /** A static field must be final and, unless it is an enum's values array, not an array. */
  private static void staticField(ClassFileReader cf, ClassFileReader.Member f, int classLine) {
    String why = (f.access() & ACC_FINAL) == 0 ? "is not final"
        : f.descriptor().startsWith("[") && !isEnumValues(cf, f.name(), f.descriptor())
            ? "is an array (arrays are mutable: use List.of(...) instead)" : null;
    if (why == null) return;
    int line = cf.staticFieldLine(f.name());
    throw new Violation(line == 0 ? classLine : line, "static field " + binary(cf.name) + "." + f.name() + " " + why + "; " + STATIC_RULE);
  }

  /** Whether {@code name} is the values array Janino generates in enum {@code cf}. */
  private static boolean isEnumValues(ClassFileReader cf, String name, String descriptor) {
    return (cf.access & ClassFileReader.ACC_ENUM) != 0 && "java/lang/Enum".equals(cf.superName) && name.equals(ENUM_VALUES)
        && descriptor.equals("[L" + cf.name + ";");
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
      case 0xb2, 0xb4, 0xb5 -> field(cf, m, cf.memberRef(ClassFileReader.u2(code, pc + 1)), m.line(pc));
      case 0xb3 -> {
        String[] ref = cf.memberRef(ClassFileReader.u2(code, pc + 1));
        if (!m.name().equals("<clinit>") || !ref[0].equals(cf.name)) {
          throw new Violation(m.line(pc), "static field " + ref[1] + " may only be assigned in its initializer "
              + "(static state would be shared by every handle)");
        }
        field(cf, m, ref, m.line(pc));
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

  private void field(ClassFileReader cf, ClassFileReader.Member m, String[] ref, int line) {
    if (ref[1].equals(ENUM_VALUES) && !(ref[0].equals(cf.name) && isEnumValues(cf, ref[1], ref[2])
        && (m.name().equals("<clinit>") || m.name().equals("values") && m.descriptor().equals("()" + ref[2])))) {
      throw new Violation(line, "the enum values array " + binary(ref[0]) + "." + ENUM_VALUES
          + " may be used only by the enum's static initializer and values(); call values() for a copy");
    }
    if (ref[0].equals("java/lang/System")) throw refused("java.lang.System." + ref[1], line, SYSTEM_RULE);
    type(ref[0], line);
    descriptor(ref[2], line);
  }

  private void method(String[] ref, int line) {
    String owner = ref[0];
    String name = ref[1];
    if (COMPILER_MEMBERS.contains(owner + "." + name + ref[2])) return;
    if (MONITOR_METHODS.contains(name + ref[2])) throw refused("java.lang.Object." + name, line, "threads and monitors are not allowed");
    String why = REFUSED_NAMES.getOrDefault(name, REFUSED_MEMBERS.get(owner + "." + name));
    if (why != null) throw refused(binary(elementType(owner)) + "." + name, line, why);
    if (readsClock(owner, name, ref[2])) throw refused(binary(owner) + "." + name, line, CLOCK_RULE);
    if (owner.equals("java/lang/System")) {
      if (!SYSTEM_MEMBERS.contains(name)) throw refused("java.lang.System." + name, line, SYSTEM_RULE);
    } else {
      type(owner, line);
    }
    descriptor(ref[2], line);
  }

  /**
   * Whether a method reads the wall clock or the machine's time zone: {@code System.currentTimeMillis},
   * java.time's {@code now()}/{@code now(ZoneId)} (not {@code now(Clock)}), its system clocks and
   * {@code ZoneId.systemDefault()}, {@code new Date()}, {@code Calendar.getInstance}, {@code TimeZone.getDefault}.
   */
  private static boolean readsClock(String owner, String name, String descriptor) {
    if (owner.equals("java/lang/System")) return name.equals("currentTimeMillis");
    if (owner.startsWith("java/time/")) {
      boolean withClock = descriptor.startsWith("(Ljava/time/Clock;");
      if ((name.equals("now") || name.equals("dateNow")) && !withClock) return true;
      return name.startsWith("system") || name.startsWith("tick") && descriptor.startsWith("(Ljava/time/ZoneId;");
    }
    if (owner.equals("java/util/Calendar") || owner.equals("java/util/GregorianCalendar")) return name.equals("getInstance") || CLOCK_CONSTRUCTORS.contains(owner + "." + name + descriptor);
    if (owner.equals("java/util/TimeZone")) return name.equals("getDefault");
    // the century two-digit years are read in starts 80 years before the wall clock's now
    if (owner.equals("java/text/SimpleDateFormat")) return name.equals("get2DigitYearStart");
    return CLOCK_CONSTRUCTORS.contains(owner + "." + name + descriptor);
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
