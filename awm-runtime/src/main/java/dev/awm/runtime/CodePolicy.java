package dev.awm.runtime;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which classes generated code (tools and verifiers) may use: whole packages, single classes (with
 * their nested classes), minus excluded classes. Checked while the code is compiled: a name that is
 * not allowed does not resolve, and the compiled bytecode is checked for every class, field and
 * method it references (see {@code docs/tool-code-contract.md}, "What generated code may use").
 * Immutable.
 *
 * <p>Beyond the classes, some members of allowed classes are refused everywhere ({@code getClass},
 * {@code wait}/{@code notify}, {@code printStackTrace}, {@code Locale.setDefault}...), and of
 * {@code java.lang.System} only {@code nanoTime}, {@code arraycopy}, {@code identityHashCode} and
 * {@code lineSeparator} may be used, and nothing that reads the wall clock or the machine's time zone
 * ({@code LocalDate.now()}, {@code new Date()}...: generated code reads {@code Db.now()}); those rules are fixed.
 *
 * @param packages packages whose classes are allowed (exactly these packages, not their subpackages)
 * @param classes single allowed classes (binary names such as {@code java.lang.String}); their nested classes too
 * @param excluded classes refused even though their package is allowed (and their nested classes)
 */
record CodePolicy(Set<String> packages, Set<String> classes, Set<String> excluded) {
  private static final CodePolicy DEFAULT = new CodePolicy(
      Set.of("java.util", "java.util.function", "java.util.regex", "java.math", "java.text",
          "java.time", "java.time.format", "java.time.temporal", "java.time.chrono", "java.time.zone",
          "dev.awm.runtime.api"),
      Set.of("java.lang.Object", "java.lang.String", "java.lang.CharSequence", "java.lang.StringBuilder",
          "java.lang.StringBuffer", "java.lang.Appendable", "java.lang.Math", "java.lang.StrictMath",
          "java.lang.Number", "java.lang.Long", "java.lang.Integer", "java.lang.Short", "java.lang.Byte",
          "java.lang.Double", "java.lang.Float", "java.lang.Boolean", "java.lang.Character",
          "java.lang.Comparable", "java.lang.Iterable", "java.lang.AutoCloseable", "java.lang.Cloneable",
          "java.lang.Enum", "java.lang.Void",
          "java.lang.Override", "java.lang.Deprecated", "java.lang.SuppressWarnings",
          "java.lang.FunctionalInterface", "java.lang.SafeVarargs",
          "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
          "java.lang.AssertionError", "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
          "java.lang.NullPointerException", "java.lang.NumberFormatException", "java.lang.ArithmeticException",
          "java.lang.IndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException",
          "java.lang.StringIndexOutOfBoundsException", "java.lang.ClassCastException",
          "java.lang.UnsupportedOperationException", "java.lang.CloneNotSupportedException",
          "java.lang.ArrayStoreException", "java.lang.NegativeArraySizeException"),
      // java.util classes that load classes, start threads, reach files or streams, or change JVM-wide state
      Set.of("java.util.ServiceLoader", "java.util.ResourceBundle", "java.util.PropertyResourceBundle",
          "java.util.ListResourceBundle", "java.util.Timer", "java.util.TimerTask", "java.util.Formatter",
          "java.util.Scanner", "java.util.Properties", "java.util.PropertyPermission",
          "java.time.zone.ZoneRulesProvider"));

  public CodePolicy {
    packages = Set.copyOf(Objects.requireNonNull(packages, "packages"));
    classes = Set.copyOf(Objects.requireNonNull(classes, "classes"));
    excluded = Set.copyOf(Objects.requireNonNull(excluded, "excluded"));
  }

  /** What tool code may use: java.lang basics, java.util, java.math, java.time, java.text, regex, the Db facade. */
  public static CodePolicy defaults() {
    return DEFAULT;
  }

  /** This policy plus the classes {@code names} (for example a verifier's {@code dev.awm.verify.api.Verdict}). */
  public CodePolicy withClasses(String... names) {
    Set<String> more = new TreeSet<>(classes);
    more.addAll(Set.of(names));
    return new CodePolicy(packages, more, excluded);
  }

  /** Whether generated code may use the class with binary name {@code className} ({@code java.util.Map$Entry}). */
  public boolean allows(String className) {
    String outer = outermost(className);
    if (excluded.contains(className) || excluded.contains(outer)) return false;
    if (classes.contains(className) || classes.contains(outer)) return true;
    int dot = className.lastIndexOf('.');
    return dot > 0 && packages.contains(className.substring(0, dot));
  }

  private static String outermost(String className) {
    int dollar = className.indexOf('$', className.lastIndexOf('.') + 1);
    return dollar < 0 ? className : className.substring(0, dollar);
  }
}
