package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile tool code refused while it is compiled, one snippet per escape route: each must fail
 * with a {@link CodeCompileException} at the snippet's line, naming what it tried to use.
 */
class SandboxCompileTest {
  private static CodeCompileException refusal(String body) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> Environment.of(HostileCode.definition(new String[][] {{"attack", body}})));
    assertThat(t).as(body).isInstanceOf(CodeCompileException.class);
    return (CodeCompileException) t;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~ ", value = {
      // files
      "read a file ~ return new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(\"/etc/passwd\"))); ~ java.nio.file.",
      "open a file stream ~ return new java.io.FileInputStream(\"/etc/passwd\"); ~ java.io.FileInputStream",
      "java.util.Formatter writes files ~ return new Formatter(\"/tmp/awm-evil.txt\"); ~ java.util.Formatter",
      // network
      "open a socket ~ return new java.net.Socket(\"example.com\", 80); ~ java.net.Socket",
      "fetch a URL ~ return new java.net.URL(\"http://example.com\").openStream(); ~ java.net.URL",
      // processes and the JVM
      "start a process ~ return Runtime.getRuntime().exec(\"id\"); ~ java.lang.Runtime",
      "process builder ~ return new ProcessBuilder(\"id\").start(); ~ java.lang.ProcessBuilder",
      "exit the JVM ~ System.exit(3); return null; ~ java.lang.System.exit",
      "halt the JVM ~ Runtime.getRuntime().halt(3); return null; ~ java.lang.Runtime",
      "read the environment ~ return System.getenv(\"HOME\"); ~ java.lang.System.getenv",
      "read a system property ~ return System.getProperty(\"user.home\"); ~ java.lang.System.getProperty",
      "system property via Integer ~ return Integer.getInteger(\"x\"); ~ java.lang.Integer.getInteger",
      "print ~ System.out.println(\"hi\"); return null; ~ java.lang.System.out",
      "change the default locale ~ Locale.setDefault(Locale.FRENCH); return null; ~ java.util.Locale.setDefault",
      // threads
      "spawn a thread ~ new Thread().start(); return null; ~ java.lang.Thread",
      "a timer thread ~ new Timer().schedule(null, 1L); return null; ~ java.util.Timer",
      "an executor ~ return java.util.concurrent.Executors.newFixedThreadPool(2); ~ java.util.concurrent.",
      "parallel sort ~ long[] a = new long[9]; Arrays.parallelSort(a); return null; ~ java.util.Arrays.parallelSort",
      "a monitor ~ synchronized (db) { return null; } ~ synchronized blocks are not allowed",
      "wait ~ try { db.wait(); } catch (Exception e) { } return null; ~ java.lang.Object.wait",
      // reflection and class loading
      "reflection on a private field ~ try { return db.getClass().getDeclaredField(\"connection\"); } catch (Exception e) { return null; } ~ getClass",
      "Class.forName ~ try { return Class.forName(\"dev.awm.runtime.HandleDb\"); } catch (Exception e) { return null; } ~ java.lang.Class",
      "a class literal ~ return String.class; ~ java.lang.String.class",
      "java.lang.reflect ~ java.lang.reflect.Method m = null; return m; ~ java.lang.reflect.Method",
      "a class loader ~ return ClassLoader.getSystemClassLoader(); ~ java.lang.ClassLoader",
      "method handles ~ return java.lang.invoke.MethodHandles.lookup(); ~ java.lang.invoke.MethodHandles",
      "Unsafe ~ return sun.misc.Unsafe.class; ~ sun.misc.Unsafe",
      "the runtime's internals ~ return ((dev.awm.runtime.HandleDb) db); ~ dev.awm.runtime.HandleDb",
      // JDBC
      "DriverManager ~ return java.sql.DriverManager.getConnection(\"jdbc:sqlite:/tmp/awm-evil.db\"); ~ java.sql.DriverManager",
  })
  void refusedAtItsLine(String route, String body, String named) {
    CodeCompileException e = refusal(body);
    assertThat(e.getMessage()).as(route).contains(named).contains("not allowed");
    assertThat(e.line()).as(route).isEqualTo(HostileCode.FIRST_BODY_LINE);
    assertThat(e.unit()).isEqualTo("tools");
  }

  @Test
  void aRefusedImportIsNamedAtItsLine() {
    String src = HostileCode.toolCode(new String[][] {{"attack", "return new FileReader(\"/etc/passwd\");"}})
        .replace("import java.util.*;", "import java.io.*;");
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Environment.of(HostileCode.definition(src, List.of("attack"))));
    assertThat(t).isInstanceOf(CodeCompileException.class).hasMessageContaining("java.io.FileReader is not allowed");
    assertThat(((CodeCompileException) t).line()).isEqualTo(HostileCode.FIRST_BODY_LINE);
  }

  @Test
  void staticStateSharedByHandlesIsRefused() {
    String src = HostileCode.toolCode(new String[][] {{"count", "counter++; return counter;"}})
        .replace("private final Db db;", "private final Db db;\n  private static long counter;");
    assertThatThrownBy(() -> Environment.of(HostileCode.definition(src, List.of("count"))))
        .isInstanceOf(CodeCompileException.class).hasMessageContaining("static field Hostile.counter is not final");
  }

  @Test
  void aFinalizerIsRefused() {
    assertThat(refusal("Object o = new Object() { protected void finalize() { } }; return null;").getMessage())
        .contains("finalize() is not allowed");
  }

  @Test
  void classesMayNotJoinTheRuntimesPackages() {
    String src = "package dev.awm.runtime.api;\n" + HostileCode.toolCode(new String[][] {{"t", "return null;"}});
    assertThatThrownBy(() -> Environment.of(HostileCode.definition(src, List.of("t"))))
        .isInstanceOf(CodeCompileException.class).hasMessageContaining("may not be declared in package dev.awm.*");
  }

  @Test
  void staticInitializersGetTheEnvironmentsMemoryLimit() {
    String src = HostileCode.toolCode(new String[][] {{"t", "return null;"}}).replace("private final Db db;",
        "private final Db db;\n  static { List keep = new ArrayList(); for (int i = 0; i < 64; i++) keep.add(new long[1 << 17]); }");
    assertThat(Environment.of(HostileCode.definition(src, List.of("t"))).tools()).hasSize(1); // 64 MiB: under the default
    // allocating until stopped (keeping at most 8 MiB): whether the run is fast or slow, it goes past 16 MiB
    String endless = src.replace("for (int i = 0; i < 64; i++) keep.add(new long[1 << 17]);",
        "while (true) { keep.add(new long[1 << 17]); if (keep.size() > 8) keep.clear(); }");
    assertThatThrownBy(() -> Environment.builder(HostileCode.definition(endless, List.of("t"))).maxAllocatedBytes(16L << 20).build())
        .isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("static initializers allocated more than 16 MiB (the memory limit)");
  }

  @Test
  void aStaticInitializerThatNeverEndsFailsTheBuildAtTheLimit() {
    String src = HostileCode.toolCode(new String[][] {{"t", "return null;"}})
        .replace("private final Db db;", "private final Db db;\n  static { while (true) { } }");
    // what the limit guarantees, not how fast it fired (that depends on the machine's load)
    assertThatThrownBy(() -> Environment.builder(HostileCode.definition(src, List.of("t"))).callTimeout(Duration.ofMillis(200)).build())
        .isInstanceOf(EnvironmentBuildException.class).hasMessageContaining("static initializers did not finish within 200 ms");
  }

  @Test
  void whatTheStarterCodeUsesStillCompilesAndRuns() {
    String body = "Map m = new LinkedHashMap(); m.put(\"n\", Long.valueOf(Math.max(1L, 2L)));\n"
        + "java.util.regex.Matcher x = java.util.regex.Pattern.compile(\"[a-z]+\").matcher(\"abc\"); m.put(\"re\", Boolean.valueOf(x.matches()));\n"
        + "m.put(\"date\", java.time.LocalDate.parse(\"2026-05-20\").plusDays(1).toString());\n"
        + "m.put(\"chars\", Long.valueOf(\"abc\".toCharArray().length + \"a,b\".split(\",\").length));\n"
        + "StringBuilder sb = new StringBuilder(); for (int i = 0; i < 3; i++) sb.append(i); m.put(\"sb\", sb.toString());\n"
        + "m.put(\"now\", db.today().plusDays(1).toString() + \" \" + java.time.LocalDate.now(java.time.Clock.fixed(db.now().toInstant(java.time.ZoneOffset.UTC), java.time.ZoneOffset.UTC)));\n"
        + "return m;";
    Environment env = Environment.of(HostileCode.definition(new String[][] {{"fine", body}}));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("fine", Map.of()).contentValue())
          .isEqualTo(Map.of("n", 2L, "re", true, "date", "2026-05-21", "chars", 5L, "sb", "012", "now", "2025-06-02 2025-06-01"));
    }
  }
}
