package dev.awm.runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks, once the static initializers of a unit of generated code ran, that every static field
 * holds a constant: state kept in a static field would be shared by every handle of the
 * environment, a channel between episodes. Accepted, by exact class: null, strings, boxed
 * primitives, {@link BigInteger}, {@link BigDecimal}, a few immutable JDK value types (regex
 * {@link Pattern}, {@link DateTimeFormatter}, {@link Locale}, the java.time values); the JDK's
 * immutable collections ({@code List.of}, {@code Set.of}, {@code Map.of}, {@code Map.entry},
 * {@code List.copyOf}, {@code Collections.emptyList} and the like) whose elements are constants;
 * and instances of the unit's own classes (enum constants, a static {@code Comparator}) whose every
 * instance field, up to {@code Object} or {@code Enum}, is final and holds a constant. Whether a
 * static field is final and not an array is checked before, in the bytecode ({@link BytecodeCheck}).
 * The values are read reflectively and walked by this trusted code only: no method of generated
 * code runs here.
 */
final class StaticFieldValues {
  private static final Set<Class<?>> VALUES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
      Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
      RoundingMode.class, Pattern.class, DateTimeFormatter.class, Locale.class, LocalDate.class, LocalDateTime.class,
      LocalTime.class, Instant.class, Duration.class, Period.class, ZoneOffset.class, ZonedDateTime.class,
      OffsetDateTime.class, OffsetTime.class, Year.class, YearMonth.class, MonthDay.class, DayOfWeek.class,
      Month.class, ChronoUnit.class);
  /** The classes the JDK's immutable collection factories return (all sizes: they differ by size; copyOf drops duplicates). */
  private static final Set<Class<?>> COLLECTIONS = Set.copyOf(List.of(List.of().getClass(), List.of(1).getClass(),
      List.of(1, 2, 3).getClass(), Set.of().getClass(), Set.of(1).getClass(), Set.of(1, 2, 3).getClass(),
      Collections.emptyList().getClass(), Collections.emptySet().getClass(), Collections.singletonList(1).getClass(),
      Collections.singleton(1).getClass()));
  private static final Set<Class<?>> MAPS = Set.copyOf(List.of(Map.of().getClass(), Map.of(1, 1).getClass(),
      Map.of(1, 1, 2, 2).getClass(), Collections.emptyMap().getClass(), Collections.singletonMap(1, 1).getClass()));
  private static final Class<?> ENTRY = Map.entry(1, 1).getClass();

  private final ClassLoader loader;
  private final Map<Object, Boolean> seen = new IdentityHashMap<>();

  private StaticFieldValues(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Checks the static fields of every class of one compiled unit, already initialized.
   *
   * @param classes the unit's classes, binary name to class file
   * @param loader the loader that defined them
   * @throws BytecodeCheck.Violation naming the first field that holds anything but a constant, at
   *     the line where its initializer assigns it
   */
  static void check(Map<String, byte[]> classes, ClassLoader loader) {
    StaticFieldValues check = new StaticFieldValues(loader);
    for (Map.Entry<String, byte[]> e : classes.entrySet()) check.checkClass(e.getKey(), e.getValue());
  }

  private void checkClass(String name, byte[] bytes) {
    Class<?> c = load(name);
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
      Object value = read(f, null);
      String why = f.getName().equals(BytecodeCheck.ENUM_VALUES) && c.isEnum() ? enumValues(c, value) : constant(value);
      if (why != null) {
        int line = SourceLines.staticFieldLine(BytecodeCheck.read(name, bytes), f.getName());
        throw new BytecodeCheck.Violation(line, "static field " + name + "." + f.getName()
            + " " + why + "; " + BytecodeCheck.STATIC_RULE);
      }
    }
  }

  /**
   * Why the values array of enum {@code c} is not its constants, each at its ordinal, or null. Only
   * the enum's static initializer and {@code values()} can reach the array (checked in the bytecode),
   * so it cannot change later; what it holds must be constants like any static.
   */
  private String enumValues(Class<?> c, Object value) {
    if (!(value instanceof Object[] array)) return "is not the enum's constants";
    for (int i = 0; i < array.length; i++) {
      if (!c.isInstance(array[i]) || ((Enum<?>) array[i]).ordinal() != i) return "is not the enum's constants";
      String why = constant(array[i]);
      if (why != null) return why;
    }
    return null;
  }

  /** Why {@code root} is not a deep constant, or null when it is. */
  private String constant(Object root) {
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Object v = todo.pop();
      if (v == null || seen.put(v, Boolean.TRUE) != null) continue;
      String why = visit(v, todo);
      if (why != null) return v == root ? why : why + " (inside a " + root.getClass().getName() + ")";
    }
    return null;
  }

  /** Why {@code v} itself is not a constant, or null after pushing what it holds onto {@code todo}. */
  private String visit(Object v, Deque<Object> todo) {
    Class<?> c = v.getClass();
    if (VALUES.contains(c)) return null;
    if (COLLECTIONS.contains(c)) {
      for (Object e : (Collection<?>) v) todo.push(e);
    } else if (MAPS.contains(c)) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) pushEntry(todo, e);
    } else if (c == ENTRY) {
      pushEntry(todo, (Map.Entry<?, ?>) v);
    } else if (GeneratedClassLoader.isGenerated(c) && c.getClassLoader() == loader) {
      return ownInstance(todo, v);
    } else {
      return "holds " + (c.isArray() ? "an array (" + c.getTypeName() + ")" : "a " + c.getName());
    }
    return null;
  }

  private static void pushEntry(Deque<Object> todo, Map.Entry<?, ?> e) {
    todo.push(e.getKey());
    todo.push(e.getValue());
  }

  /** An instance of the unit's own classes: every instance field final, up to Object or Enum; their values to check next. */
  private String ownInstance(Deque<Object> todo, Object v) {
    Class<?> k = v.getClass();
    for (; GeneratedClassLoader.isGenerated(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) continue;
        if (!Modifier.isFinal(f.getModifiers())) {
          return "holds a " + v.getClass().getName() + " whose field " + f.getName() + " is not final";
        }
        if (!f.getType().isPrimitive()) todo.push(read(f, v));
      }
    }
    if (k != Object.class && k != Enum.class) return "holds a " + v.getClass().getName() + ", which extends " + k.getName();
    return null;
  }

  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("class " + name + " of the unit is not loaded", e);
    }
  }

  private static Object read(Field f, Object instance) {
    try {
      f.setAccessible(true);
      return f.get(instance);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new IllegalStateException("cannot read field " + f, e);
    }
  }
}
