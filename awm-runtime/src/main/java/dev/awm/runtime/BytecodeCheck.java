package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Checks the class files Janino produced from generated code against a {@link CodePolicy}: every
 * class, field and method the code references (instructions and their constants, exception
 * handlers, signatures, thrown exceptions, local variables, super types, nestmates, annotations)
 * must be allowed, and a few members of allowed classes are refused. This catches what name
 * resolution alone cannot: members reached through allowed types ({@code System.exit},
 * {@code "".getClass()}), and types that appear only in signatures. The class files are read with
 * ASM; one it cannot read is refused.
 *
 * <p>Static fields hold constants only: each must be {@code final} and not an array (what they hold
 * once the static initializers ran is checked by {@link StaticFieldValues}). The one exception is
 * the values array Janino generates for an enum ({@value #ENUM_VALUES}), which only the enum's own
 * static initializer and {@code values()} (which copies it) may touch.
 *
 * <p>Refusals name the source line ({@link SourceLines}): the instruction's, else the method's
 * first, else the class's first line.
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
  private static final List<String> RESERVED_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.awm.", "org.codehaus.", "org.sqlite.", "org.slf4j.");

  private static final String PRIMITIVES = "BCDFIJSZV";

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
   * @throws Violation naming the first refused reference and its line, or a class file that cannot
   *     be read or that declares another class than the name it is filed under
   */
  static void check(CodePolicy policy, Map<String, byte[]> classes) {
    for (String name : classes.keySet()) {
      for (String reserved : RESERVED_PACKAGES) {
        if (name.startsWith(reserved)) {
          throw new Violation(0, "generated classes may not be declared in package " + reserved + "*: " + name);
        }
      }
    }
    List<ClassNode> read = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) read.add(read(e.getKey(), e.getValue()));
    BytecodeCheck check = new BytecodeCheck(policy, classes.keySet());
    for (ClassNode c : read) {
      try {
        check.checkClass(c);
      } catch (Violation v) {
        throw v;
      } catch (RuntimeException e) { // fail closed on whatever a hand-made class file may still hold
        throw malformed(binary(c.name), e.toString());
      }
    }
  }

  /**
   * Reads class file {@code bytes} with ASM (line numbers and local variables kept, stack map
   * frames skipped).
   *
   * @param name the binary name the class file is filed under
   * @throws Violation when ASM cannot read it (truncated, malformed, an unknown opcode or class file
   *     version) or it declares another class
   */
  static ClassNode read(String name, byte[] bytes) {
    if (bytes.length < 4 || ByteBuffer.wrap(bytes).getInt() != 0xCAFEBABE) {
      throw malformed(name, "it does not start with 0xCAFEBABE");
    }
    ClassNode c = new ClassNode();
    try {
      new ClassReader(bytes).accept(c, ClassReader.SKIP_FRAMES);
    } catch (RuntimeException e) { // how ASM reports a malformed file: IllegalArgumentException, ArrayIndexOutOfBounds...
      throw malformed(name, e.toString());
    }
    if (c.name == null || !name.equals(binary(c.name))) {
      throw new Violation(0, "generated class " + name + " is filed under a name that is not its own (" + c.name + ")");
    }
    return c;
  }

  private static Violation malformed(String name, String why) {
    return new Violation(0, "generated class " + name + " is not a well-formed class file (" + why + ")");
  }

  private void checkClass(ClassNode c) {
    int classLine = SourceLines.classLine(c);
    if (c.superName != null) type(c.superName, classLine);
    for (String i : c.interfaces) type(i, classLine);
    nestmates(c, classLine);
    for (FieldNode f : c.fields) {
      descriptor(f.desc, classLine);
      if ((f.access & Opcodes.ACC_STATIC) != 0) staticField(c, f, classLine);
    }
    AnnotationTypes.forEach(c, d -> descriptor(d, classLine));
    for (MethodNode m : c.methods) checkMethod(c, m, classLine);
  }

  /** Nestmates reach each other's private members: a class's nest host and nest members must be classes of the unit. */
  private void nestmates(ClassNode c, int line) {
    List<String> mates = new ArrayList<>(c.nestMembers == null ? List.of() : c.nestMembers);
    if (c.nestHostClass != null) mates.add(c.nestHostClass);
    for (String mate : mates) {
      if (!own.contains(binary(mate))) {
        throw new Violation(line, "class " + binary(c.name) + " names " + binary(mate) + " as a nestmate; "
            + "only classes of the same unit may be nestmates");
      }
    }
  }

  /** A static field must be final and, unless it is an enum's values array, not an array. */
  private static void staticField(ClassNode c, FieldNode f, int classLine) {
    String why = (f.access & Opcodes.ACC_FINAL) == 0 ? "is not final"
        : f.desc.startsWith("[") && !isEnumValues(c, f.name, f.desc)
            ? "is an array (arrays are mutable: use List.of(...) instead)" : null;
    if (why == null) return;
    int line = SourceLines.staticFieldLine(c, f.name);
    throw new Violation(line == 0 ? classLine : line, "static field " + binary(c.name) + "." + f.name + " " + why + "; " + STATIC_RULE);
  }

  /** Whether {@code name} is the values array Janino generates in enum {@code c}. */
  private static boolean isEnumValues(ClassNode c, String name, String descriptor) {
    return (c.access & Opcodes.ACC_ENUM) != 0 && "java/lang/Enum".equals(c.superName) && name.equals(ENUM_VALUES)
        && descriptor.equals("[L" + c.name + ";");
  }

  private void checkMethod(ClassNode c, MethodNode m, int classLine) {
    SourceLines lines = new SourceLines(m, classLine);
    int line = lines.first();
    if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0) throw new Violation(line, "synchronized methods are not allowed: " + m.name);
    if ((m.access & Opcodes.ACC_NATIVE) != 0) throw new Violation(line, "native methods are not allowed: " + m.name);
    if (m.name.equals("finalize") && m.desc.equals("()V")) {
      throw new Violation(line, "finalize() is not allowed: it would run on the JVM's finalizer thread");
    }
    descriptor(m.desc, line);
    for (String thrown : m.exceptions) type(thrown, line);
    if (m.localVariables != null) for (LocalVariableNode v : m.localVariables) descriptor(v.desc, lines.at(v.start));
    for (TryCatchBlockNode t : m.tryCatchBlocks) if (t.type != null) type(t.type, lines.at(t.handler));
    for (AbstractInsnNode insn : m.instructions) instruction(c, m, insn, lines.at(insn));
  }

  /** Checks what one instruction references: constants, fields, methods, types; refuses invokedynamic and monitors. */
  private void instruction(ClassNode c, MethodNode m, AbstractInsnNode insn, int line) {
    int op = insn.getOpcode();
    if (insn instanceof LdcInsnNode ldc) {
      constant(ldc.cst, line);
    } else if (insn instanceof FieldInsnNode f) {
      if (op == Opcodes.PUTSTATIC && (!m.name.equals("<clinit>") || !f.owner.equals(c.name))) {
        throw new Violation(line, "static field " + f.name + " may only be assigned in its initializer "
            + "(static state would be shared by every handle)");
      }
      field(c, m, f, line);
    } else if (insn instanceof MethodInsnNode mi) {
      method(mi.owner, mi.name, mi.desc, line);
    } else if (insn instanceof InvokeDynamicInsnNode) {
      throw new Violation(line, "invokedynamic is not allowed");
    } else if (insn instanceof TypeInsnNode t) {
      type(t.desc, line);
    } else if (insn instanceof MultiANewArrayInsnNode a) {
      type(a.desc, line);
    } else if (op == Opcodes.MONITORENTER || op == Opcodes.MONITOREXIT) {
      throw new Violation(line, "synchronized blocks are not allowed (threads and monitors)");
    }
  }

  /** An ldc constant: a class literal only of the unit's own classes; no method handle, method type or dynamic constant. */
  private void constant(Object cst, int line) {
    if (cst instanceof Type t && (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY)) {
      String name = binary(elementType(t.getInternalName()));
      if (!own.contains(name)) throw refused(name + ".class (a class literal)", line, "reflection is not allowed");
    } else if (cst instanceof Type || cst instanceof Handle || cst instanceof ConstantDynamic) {
      throw new Violation(line, "method handles, method types and dynamic constants are not allowed");
    }
  }

  private void field(ClassNode c, MethodNode m, FieldInsnNode f, int line) {
    if (f.name.equals(ENUM_VALUES) && !(f.owner.equals(c.name) && isEnumValues(c, f.name, f.desc)
        && (m.name.equals("<clinit>") || m.name.equals("values") && m.desc.equals("()" + f.desc)))) {
      throw new Violation(line, "the enum values array " + binary(f.owner) + "." + ENUM_VALUES
          + " may be used only by the enum's static initializer and values(); call values() for a copy");
    }
    if (f.owner.equals("java/lang/System")) throw refused("java.lang.System." + f.name, line, SYSTEM_RULE);
    type(f.owner, line);
    descriptor(f.desc, line);
  }

  private void method(String owner, String name, String descriptor, int line) {
    if (COMPILER_MEMBERS.contains(owner + "." + name + descriptor)) return;
    if (MONITOR_METHODS.contains(name + descriptor)) throw refused("java.lang.Object." + name, line, "threads and monitors are not allowed");
    String why = REFUSED_NAMES.getOrDefault(name, REFUSED_MEMBERS.get(owner + "." + name));
    if (why != null) throw refused(binary(elementType(owner)) + "." + name, line, why);
    if (readsClock(owner, name, descriptor)) throw refused(binary(owner) + "." + name, line, CLOCK_RULE);
    if (owner.equals("java/lang/System")) {
      if (!SYSTEM_MEMBERS.contains(name)) throw refused("java.lang.System." + name, line, SYSTEM_RULE);
    } else {
      type(owner, line);
    }
    descriptor(descriptor, line);
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
        if (end < 0) throw new Violation(line, "malformed descriptor " + descriptor);
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
    if (element.length() == 1 && PRIMITIVES.indexOf(element.charAt(0)) >= 0) return;
    String name = binary(element);
    if (own.contains(name) || policy.allows(name)) return;
    throw refused(name, line, null);
  }

  private static String elementType(String internal) {
    int i = 0;
    while (i < internal.length() && internal.charAt(i) == '[') i++;
    if (i == 0) return internal;
    String rest = internal.substring(i);
    return rest.length() > 2 && rest.startsWith("L") && rest.endsWith(";") ? rest.substring(1, rest.length() - 1) : rest;
  }

  private static String binary(String internal) {
    return internal.replace('/', '.');
  }

  private static Violation refused(String what, int line, String why) {
    return new Violation(line, what + " is not allowed in generated code" + (why == null ? "" : " (" + why + ")"));
  }
}
