package dev.awm.runtime;

import dev.awm.runtime.internal.SandboxTick;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * Which tool methods of generated code cannot get stuck: every library method they can reach
 * returns promptly (in time at most linear in what it is given, calling back nothing but generated
 * code), and every array they create has a constant length. Generated code itself cannot run on
 * without reaching a {@link SandboxTick} (one heads every method, loop iteration and handler), and
 * SQL run through the {@code Db} facade is aborted at a limit; so such a tool, once cancelled,
 * stops within its grace. It can run on the caller's thread under the {@link CallerWatchdog}
 * without weakening what {@link Isolation#WORKER_THREAD} promises (the caller has its answer at the
 * limit), and saves the hand-off to a worker.
 *
 * <p>The analysis is conservative: what a tool method reaches is the closure over calls of the
 * unit's own methods (any method of the unit with the called name and descriptor, so overrides are
 * in), plus every method library code could call back (all methods of the unit's other classes, and
 * the tool class's {@code equals}, {@code hashCode} and {@code toString}, or all its methods when it
 * implements an interface or extends another class). Library methods are judged by an allowlist;
 * a method not on it (regular expressions, {@code java.math}, {@code java.text}, sorting, substring
 * search, anything sized by an argument such as {@code String.repeat} or {@code new ArrayList(n)})
 * sends the tool to a worker. The class files are read with ASM's tree API, as the bytecode check
 * reads them ({@code BytecodeCheck.read}); an invokedynamic (which that check refuses anyway) also
 * sends the tool to a worker.
 */
final class PromptCode {
  private static final String OBJECT = "java/lang/Object";
  /** Classes every method of which (that generated code may call at all) returns promptly. */
  private static final Set<String> PROMPT_CLASSES = Set.of("java/lang/Math", "java/lang/StrictMath",
      "java/lang/Long", "java/lang/Integer", "java/lang/Short", "java/lang/Byte", "java/lang/Double", "java/lang/Float",
      "java/lang/Boolean", "java/lang/Character", "java/lang/Number", "java/lang/Enum", "java/lang/Comparable",
      "java/lang/Iterable", "java/lang/CharSequence", "java/util/Objects", "java/util/Iterator", "java/util/ListIterator",
      "java/util/Map$Entry", "java/util/Optional", "java/util/NoSuchElementException",
      "java/lang/Throwable", "java/lang/Exception", "java/lang/RuntimeException", "java/lang/Error",
      "java/lang/AssertionError", "java/lang/IllegalArgumentException", "java/lang/IllegalStateException",
      "java/lang/NullPointerException", "java/lang/NumberFormatException", "java/lang/ArithmeticException",
      "java/lang/UnsupportedOperationException", "java/lang/IndexOutOfBoundsException", "java/lang/ClassCastException",
      "java/time/LocalDate", "java/time/LocalDateTime", "java/time/LocalTime", "java/time/Instant", "java/time/Duration",
      "java/time/Period", "java/time/YearMonth", "java/time/Year", "java/time/DayOfWeek", "java/time/Month",
      "java/time/ZoneOffset", "java/time/DateTimeException", "java/time/temporal/ChronoUnit",
      "java/time/format/DateTimeFormatter", "java/time/format/DateTimeParseException");
  /** Collections: these methods (no sorting, no bulk removal, no size given by an argument). */
  private static final Set<String> COLLECTIONS = Set.of("java/util/Collection", "java/util/List", "java/util/ArrayList",
      "java/util/LinkedList", "java/util/Map", "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap",
      "java/util/SortedMap", "java/util/NavigableMap", "java/util/Set", "java/util/HashSet", "java/util/LinkedHashSet",
      "java/util/TreeSet", "java/util/SortedSet", "java/util/NavigableSet", "java/util/Deque", "java/util/Queue",
      "java/util/ArrayDeque", "java/util/Collections", "java/util/Arrays",
      // JDK 21's sequenced interfaces: what a class extending a collection inherits from them on a newer JDK
      "java/util/SequencedCollection", "java/util/SequencedSet", "java/util/SequencedMap");
  private static final Set<String> COLLECTION_METHODS = Set.of("get", "put", "add", "addAll", "set", "remove", "contains",
      "containsKey", "containsValue", "size", "isEmpty", "iterator", "listIterator", "entrySet", "keySet", "values",
      "getOrDefault", "putIfAbsent", "putAll", "clear", "indexOf", "lastIndexOf", "subList", "of", "copyOf", "toString",
      "equals", "hashCode", "toArray", "first", "last", "firstKey", "lastKey", "firstEntry", "lastEntry", "floorKey",
      "ceilingKey", "headMap", "tailMap", "headSet", "tailSet", "addFirst", "addLast", "offer", "poll", "pollFirst",
      "pollLast", "peek", "peekFirst", "peekLast", "push", "pop", "getFirst", "getLast", "removeFirst", "removeLast",
      "replace", "merge", "compute", "computeIfAbsent", "computeIfPresent", "forEach", "asList", "unmodifiableList",
      "unmodifiableMap", "unmodifiableSet", "unmodifiableCollection", "emptyList", "emptyMap", "emptySet",
      "singletonList", "singletonMap", "singleton",
      // JDK 21's sequenced methods (a view or one element at an end; a compiler bridges reversed() on a newer JDK)
      "reversed", "putFirst", "putLast", "pollFirstEntry", "pollLastEntry", "sequencedKeySet", "sequencedValues", "sequencedEntrySet");
  /** Strings and builders: these methods, linear at most (no substring search, no regular expressions). */
  private static final Set<String> TEXT = Set.of("java/lang/String", "java/lang/StringBuilder", "java/lang/StringBuffer");
  private static final Set<String> TEXT_METHODS = Set.of("length", "isEmpty", "isBlank", "charAt", "codePointAt",
      "equals", "equalsIgnoreCase", "hashCode", "compareTo", "compareToIgnoreCase", "startsWith", "endsWith", "substring",
      "subSequence", "trim", "strip", "stripLeading", "stripTrailing", "toLowerCase", "toUpperCase", "valueOf",
      "copyValueOf", "toString", "concat", "toCharArray", "join", "append", "insert", "reverse", "deleteCharAt",
      "setCharAt", "delete");
  /** Constructors of collections, strings and builders that take no size. */
  private static final Set<String> SIZELESS_CONSTRUCTORS = Set.of("()V", "(Ljava/util/Collection;)V", "(Ljava/util/Map;)V",
      "(Ljava/util/Comparator;)V", "(Ljava/util/SortedMap;)V", "(Ljava/util/SortedSet;)V", "(Ljava/lang/String;)V",
      "(Ljava/lang/CharSequence;)V", "([C)V", "(Ljava/lang/StringBuilder;)V");
  private static final Set<String> OBJECT_METHODS = Set.of("<init>()V", "equals(Ljava/lang/Object;)Z", "hashCode()I",
      "toString()Ljava/lang/String;");
  private static final Set<String> COMPILER_METHODS = Set.of("java/lang/Class.desiredAssertionStatus",
      "java/lang/Enum.valueOf", SandboxTick.OWNER + ".check");

  private final Map<String, ClassNode> classes = new HashMap<>();
  /** Own methods by name and descriptor ({@code name(desc)}), as {@code owner.name(desc)} keys. */
  private final Map<String, List<String>> byNameAndDescriptor = new HashMap<>();
  private final Map<String, MethodNode> methods = new HashMap<>();
  /** Library classes and interfaces the unit's classes extend or implement (Object aside). */
  private final Set<String> librarySupertypes = new HashSet<>();

  private PromptCode(Map<String, byte[]> bytecode) {
    for (Map.Entry<String, byte[]> e : bytecode.entrySet()) {
      ClassNode c = BytecodeCheck.read(e.getKey(), e.getValue());
      classes.put(c.name, c);
      for (MethodNode m : c.methods) {
        String nd = m.name + m.desc;
        methods.put(c.name + "." + nd, m);
        byNameAndDescriptor.computeIfAbsent(nd, k -> new ArrayList<>()).add(c.name + "." + nd);
      }
    }
    for (ClassNode c : classes.values()) {
      if (c.superName != null && !c.superName.equals(OBJECT) && !classes.containsKey(c.superName)) {
        librarySupertypes.add(c.superName);
      }
      for (String i : c.interfaces) if (!classes.containsKey(i)) librarySupertypes.add(i);
    }
  }

  /**
   * Which of {@code operations} (methods {@code public Object op(Args)} of {@code toolClass}, a binary
   * name) cannot get stuck.
   *
   * @param bytecode the compiled unit: binary class name to class file (read with ASM, as
   *     {@link BytecodeCheck#read} does)
   */
  static Set<String> promptOperations(Map<String, byte[]> bytecode, String toolClass, Collection<String> operations) {
    PromptCode code = new PromptCode(bytecode);
    String owner = toolClass.replace('.', '/');
    List<String> callbacks = code.callbacks(owner);
    Set<String> prompt = new HashSet<>();
    for (String op : operations) {
      List<String> roots = new ArrayList<>(callbacks);
      roots.add(owner + "." + op + "(Ldev/awm/runtime/api/Args;)Ljava/lang/Object;");
      if (code.reachesOnlyPromptCode(roots)) prompt.add(op);
    }
    return Set.copyOf(prompt);
  }

  /** The methods library code could call back, whatever tool runs. */
  private List<String> callbacks(String toolClass) {
    List<String> out = new ArrayList<>();
    for (ClassNode c : classes.values()) {
      boolean tool = c.name.equals(toolClass);
      boolean extendsOrImplements = !OBJECT.equals(c.superName) || !c.interfaces.isEmpty();
      for (MethodNode m : c.methods) {
        String nd = m.name + m.desc;
        if (m.name.startsWith("<")) continue;
        if (!tool || extendsOrImplements || OBJECT_METHODS.contains(nd)) out.add(c.name + "." + nd);
      }
    }
    return out;
  }

  private boolean reachesOnlyPromptCode(List<String> roots) {
    Set<String> seen = new HashSet<>(roots);
    Deque<String> work = new ArrayDeque<>(roots);
    while (!work.isEmpty()) {
      MethodNode m = methods.get(work.pop());
      if (m == null) return false;
      Set<LabelNode> targets = branchTargets(m.instructions); // none for a method without code
      for (AbstractInsnNode insn : m.instructions) {
        int op = insn.getOpcode();
        if (op == Opcodes.NEWARRAY || op == Opcodes.ANEWARRAY || op == Opcodes.MULTIANEWARRAY) {
          if (op == Opcodes.MULTIANEWARRAY || !hasConstantLength(insn, targets)) return false;
        } else if (insn instanceof MethodInsnNode call) {
          if (!classes.containsKey(call.owner)) {
            if (!isPromptLibraryMethod(call.owner, call.name, call.desc)) return false;
          } else if (!ownCall(call.name, call.desc, seen, work)) {
            return false;
          }
        } else if (insn instanceof InvokeDynamicInsnNode) {
          return false; // the bytecode check refuses it anyway: whatever it would call is not known here
        }
      }
    }
    return true;
  }

  /**
   * A call of {@code name desc} on one of the unit's classes: every method of the unit with that
   * name and descriptor may run (queued), and so may any library supertype's (inherited), which must
   * then be prompt.
   */
  private boolean ownCall(String name, String descriptor, Set<String> seen, Deque<String> work) {
    List<String> targets = byNameAndDescriptor.get(name + descriptor);
    if (targets == null && !OBJECT_METHODS.contains(name + descriptor)) return false;
    for (String lib : librarySupertypes) if (!isPromptLibraryMethod(lib, name, descriptor)) return false;
    if (targets != null) for (String t : targets) if (seen.add(t)) work.push(t);
    return true;
  }

  /** The labels that jumps and switches go to (ASM puts one label before each instruction that is a target). */
  private static Set<LabelNode> branchTargets(InsnList code) {
    Set<LabelNode> targets = new HashSet<>();
    for (AbstractInsnNode insn : code) {
      if (insn instanceof JumpInsnNode jump) {
        targets.add(jump.label);
      } else if (insn instanceof TableSwitchInsnNode table) {
        targets.add(table.dflt);
        targets.addAll(table.labels);
      } else if (insn instanceof LookupSwitchInsnNode lookup) {
        targets.add(lookup.dflt);
        targets.addAll(lookup.labels);
      }
    }
    return targets;
  }

  /**
   * Whether the array allocation {@code insn} gets a constant length: the instruction just before it
   * pushes a constant int (iconst, bipush, sipush) and no jump or switch arrives in between with
   * another length on the stack.
   */
  private static boolean hasConstantLength(AbstractInsnNode insn, Set<LabelNode> targets) {
    for (AbstractInsnNode p = insn.getPrevious(); p != null; p = p.getPrevious()) {
      int op = p.getOpcode();
      if (op >= 0) return op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5 || op == Opcodes.BIPUSH || op == Opcodes.SIPUSH;
      if (p instanceof LabelNode label && targets.contains(label)) return false;
    }
    return false; // the first instruction of the method
  }

  /** Whether library method {@code owner.name desc} returns promptly (see the class comment). */
  static boolean isPromptLibraryMethod(String owner, String name, String descriptor) {
    if (COMPILER_METHODS.contains(owner + "." + name)) return true;
    if (owner.startsWith("dev/awm/runtime/api/")) return true;
    if (owner.startsWith("[")) return name.equals("clone");
    if (owner.equals(OBJECT)) return OBJECT_METHODS.contains(name + descriptor);
    if (name.equals("<init>") && (COLLECTIONS.contains(owner) || TEXT.contains(owner))) {
      return SIZELESS_CONSTRUCTORS.contains(descriptor);
    }
    if (PROMPT_CLASSES.contains(owner)) return true;
    // Arrays: not copyOf, fill or sort (sized by an argument, or n log n)
    if (owner.equals("java/util/Arrays")) return Set.of("asList", "toString", "equals", "hashCode").contains(name);
    if (COLLECTIONS.contains(owner)) return COLLECTION_METHODS.contains(name);
    if (TEXT.contains(owner)) {
      // indexOf and lastIndexOf of a character are a linear scan; of a string, a quadratic one
      if (name.equals("indexOf") || name.equals("lastIndexOf")) return descriptor.startsWith("(I)") || descriptor.startsWith("(II)");
      if (name.equals("replace")) return descriptor.startsWith("(CC)");
      return TEXT_METHODS.contains(name);
    }
    return false;
  }
}
