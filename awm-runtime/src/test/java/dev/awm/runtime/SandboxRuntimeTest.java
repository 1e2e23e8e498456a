package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile tool code that compiles, contained at run time, in both isolation modes: each call gets
 * an error result naming the limit it met, what it wrote is rolled back, the same handle works on,
 * and another handle of the environment (holding its own changes) is unaffected.
 *
 * <p>Nothing here depends on the machine's speed: the time limit is short only in the environment
 * of the tests of the time limit ({@link #timeLimited}), where the tools under test never end by
 * themselves; every other limit is tested in an environment whose time limit is long
 * ({@link #environment}), so that it cannot fire first on a slow or loaded machine. No test asserts
 * how fast a limit fired.
 */
class SandboxRuntimeTest {
  static final long LIMIT_MS = 300;
  /** The time limit where the time limit is not under test: long enough never to fire first. */
  static final Duration LONG = Duration.ofSeconds(60);
  private static final String INSERT = "db.update(\"INSERT INTO notes (body) VALUES ('attack')\");";
  private static final String[][] TOOLS = {
      {"ok", "return db.scalar(\"SELECT count(*) FROM notes\");"},
      {"write", "return Long.valueOf(db.insert(\"INSERT INTO notes (body) VALUES ('mine')\"));"},
      {"infinite_loop", INSERT + " while (true) { }"},
      {"loop_catching_everything", INSERT + " while (true) { try { while (true) { } } catch (Throwable t) { } }"},
      {"queries_catching_everything", INSERT + " while (true) { try { db.scalar(\"SELECT 1\"); } catch (Throwable t) { } }"},
      {"exponential_recursion", INSERT + " return Long.valueOf(fib(90));"},
      {"endless_write", "return Long.valueOf(db.update(\"UPDATE notes SET body = body WHERE id IN "
          + "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c)\"));"},
      {"endless_sql", INSERT + " return db.scalar(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c\");"},
      {"allocation_bomb", INSERT + " List keep = new ArrayList(); while (true) keep.add(new long[1 << 20]);"},
      {"one_huge_array", INSERT + " return Long.valueOf(new long[Integer.MAX_VALUE].length);"},
      {"million_rows", "return db.query(\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000000) SELECT x FROM c\");"},
      {"huge_result", "List out = new ArrayList(); for (int i = 0; i < 200000; i++) out.add(\"row \" + i); return out;"},
      {"huge_value", "return db.scalar(\"SELECT length(zeroblob(100000000))\");"},
      {"stack_overflow", INSERT + " return deep(0);"},
      {"stuck_in_library", INSERT + " return Boolean.valueOf(java.util.regex.Pattern.compile(\"^(a+)\\\\1*(a+)+$\")"
          + ".matcher(\"aaaaaaaaaaaaaaaaaaaaaaaaa!\").matches());"},
      {"attach", INSERT + " return Long.valueOf(db.update(\"ATTACH DATABASE '/tmp/awm-evil.db' AS evil\"));"},
      {"vacuum_into", "return Long.valueOf(db.update(\"VACUUM INTO '/tmp/awm-evil.db'\"));"},
      {"load_extension", "return db.query(\"SELECT load_extension('/tmp/awm-evil.so')\");"},
      {"durability_pragma", INSERT + " return Long.valueOf(db.update(\"PRAGMA journal_mode = OFF\"));"},
      {"pragma_function", "return db.query(\"SELECT * FROM pragma_journal_mode('off')\");"},
      {"bind_own_object", "return db.query(\"SELECT ?\", new Object() { public String toString() { while (true) { } } });"},
  };
  private static final String HELPERS = "  private long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
      + "  private Object deep(int n) { return deep(n + 1); }\n";
  private static final Map<Isolation, Environment> ENVIRONMENTS = new EnumMap<>(Isolation.class);
  private static final Map<Isolation, Environment> TIME_LIMITED = new EnumMap<>(Isolation.class);

  /** The environment for every limit but time: its time limit is {@link #LONG}. */
  static synchronized Environment environment(Isolation isolation) {
    return ENVIRONMENTS.computeIfAbsent(isolation, i -> build(i, LONG));
  }

  /** The environment for the time limit: {@value #LIMIT_MS} ms. */
  static synchronized Environment timeLimited(Isolation isolation) {
    return TIME_LIMITED.computeIfAbsent(isolation, i -> build(i, Duration.ofMillis(LIMIT_MS)));
  }

  private static Environment build(Isolation isolation, Duration callTimeout) {
    return Environment.builder(HostileCode.definition(HostileCode.toolCode(TOOLS, HELPERS), HostileCode.names(TOOLS)))
        .isolation(isolation).callTimeout(callTimeout).maxAllocatedBytes(64L << 20).maxRows(1000)
        .maxResultChars(100_000).build();
  }

  @AfterAll
  static void noThreadIsLeftStuck() throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (Sandbox.SHARED.stuckThreads() > 0 && System.nanoTime() < end) Thread.sleep(50);
    assertThat(Sandbox.SHARED.stuckThreads()).as("abandoned threads still running").isZero();
  }

  /**
   * Calls {@code tool} on a handle of {@code env} that already changed its database, while another
   * handle holds a change of its own; checks the result, and that both databases are as they were.
   */
  private static ToolResult attack(Environment env, String tool, ToolResult.Kind kind, String... messageParts) {
    try (EnvironmentHandle victim = env.newHandle(); EnvironmentHandle other = env.newHandle()) {
      assertThat(victim.callTool("write", Map.of()).isError()).isFalse();
      assertThat(other.callTool("write", Map.of()).isError()).isFalse();
      ToolResult r = victim.callTool(tool, Map.of());
      assertThat(r.kind()).as(tool + ": " + r.message()).isEqualTo(kind);
      assertThat(r.message()).as(tool).contains(messageParts);
      List<String> expected = r.kind() == ToolResult.Kind.EPISODE_RESET ? List.of("first") : List.of("first", "mine");
      assertThat(victim.query("SELECT body FROM notes ORDER BY id")).as(tool + " left the database as it was, or said so")
          .extracting(row -> row.get("body")).containsExactlyElementsOf(expected);
      assertThat(victim.callTool("ok", Map.of()).content()).as("the same handle works on").isEqualTo(String.valueOf(expected.size()));
      assertThat(other.callTool("ok", Map.of()).content()).as("the other handle is unaffected").isEqualTo("2");
      return r;
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void infiniteLoopsAreStoppedAtTheTimeLimit(Isolation isolation) {
    for (String tool : List.of("infinite_loop", "loop_catching_everything", "exponential_recursion")) {
      attack(timeLimited(isolation), tool, ToolResult.Kind.LIMIT_EXCEEDED, "tool '" + tool + "' ran longer than 300 ms (the time limit) and was stopped",
          "its changes were rolled back");
    }
    // a loop of queries allocates fast: whichever limit it meets first stops it
    attack(timeLimited(isolation), "queries_catching_everything", ToolResult.Kind.LIMIT_EXCEEDED, "and was stopped", "its changes were rolled back");
    assertThat(Sandbox.SHARED.stuckThreads()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void endlessSqlIsInterrupted(Isolation isolation) {
    attack(timeLimited(isolation), "endless_sql", ToolResult.Kind.LIMIT_EXCEEDED, "ran longer than 300 ms (the time limit) and was stopped",
        "its changes were rolled back");
    // SQLite rolls back the whole transaction when it interrupts a writing statement: the result and the handle say so
    ToolResult lost = attack(timeLimited(isolation), "endless_write", ToolResult.Kind.EPISODE_RESET,
        "ran longer than 300 ms (the time limit) and was stopped", "SQLite rolled back the whole episode", "back in its initial state");
    assertThat(lost.message()).contains("every change this episode made is gone");
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void allocationBombsAreStoppedAtTheMemoryLimit(Isolation isolation) {
    // the time limit is long here: the memory limit is met first however slow the machine
    attack(environment(isolation), "allocation_bomb", ToolResult.Kind.LIMIT_EXCEEDED, "allocated more than 64 MiB (the memory limit) and was stopped");
    attack(environment(isolation), "one_huge_array", ToolResult.Kind.TOOL_FAILURE, "OutOfMemoryError");
    attack(environment(isolation), "stack_overflow", ToolResult.Kind.TOOL_FAILURE, "StackOverflowError");
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void resultsAreBounded(Isolation isolation) {
    attack(environment(isolation), "million_rows", ToolResult.Kind.TOOL_FAILURE, "query returned more than 1000 rows, the limit for one query");
    attack(environment(isolation), "huge_result", ToolResult.Kind.LIMIT_EXCEEDED, "returned too much", "more than 100000 characters");
    attack(environment(isolation), "huge_value", ToolResult.Kind.TOOL_FAILURE, "string or blob too big");
    // a statement that fills the database, and the write limits: EpisodeLossTest
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void sqlCannotReachOtherFilesOrChangeTheConnection(Isolation isolation) {
    attack(environment(isolation), "attach", ToolResult.Kind.TOOL_FAILURE, "ATTACH statements are not allowed");
    attack(environment(isolation), "vacuum_into", ToolResult.Kind.TOOL_FAILURE, "VACUUM statements are not allowed");
    attack(environment(isolation), "load_extension", ToolResult.Kind.TOOL_FAILURE, "not authorized");
    attack(environment(isolation), "durability_pragma", ToolResult.Kind.TOOL_FAILURE, "PRAGMA statements are not allowed");
    attack(environment(isolation), "pragma_function", ToolResult.Kind.TOOL_FAILURE, "unknown database 'off'");
    attack(environment(isolation), "bind_own_object", ToolResult.Kind.TOOL_FAILURE, "parameter 1 is a Hostile$1");
    assertThat(new java.io.File("/tmp/awm-evil.db")).doesNotExist();
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void otherHandlesRunWhileOneLoops(Isolation isolation) throws Exception {
    // the victim's call spins (host code, so that the test can end it) until the test releases it:
    // the other handle's calls must all be answered while it spins, however slow the machine
    CountDownLatch spinning = new CountDownLatch(1);
    AtomicBoolean released = new AtomicBoolean();
    Environment env = Environment.builder(HostileCode.definition(HostileCode.toolCode(TOOLS, HELPERS), HostileCode.names(TOOLS)))
        .isolation(isolation).callTimeout(LONG).hostTool("infinite_loop", (db, args) -> {
          spinning.countDown();
          while (!released.get()) Thread.onSpinWait();
          return "released";
        }).build();
    try (EnvironmentHandle victim = env.newHandle(); EnvironmentHandle other = env.newHandle()) {
      AtomicReference<ToolResult> looped = new AtomicReference<>();
      Thread t = new Thread(() -> looped.set(victim.callTool("infinite_loop", Map.of())));
      t.start();
      try {
        assertThat(spinning.await(60, TimeUnit.SECONDS)).as("the victim's call started").isTrue();
        for (int i = 0; i < 20; i++) assertThat(other.callTool("ok", Map.of()).content()).isEqualTo("1");
        assertThat(looped.get()).as("the victim's call still spins").isNull();
      } finally {
        released.set(true);
        t.join();
      }
      assertThat(looped.get().kind()).as(looped.get().message()).isEqualTo(ToolResult.Kind.OK);
      assertThat(looped.get().content()).contains("released");
    }
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void aCallStuckInALibraryCall(Isolation isolation) throws InterruptedException {
    long abandonedBefore = Sandbox.SHARED.abandonedTotal();
    if (isolation == Isolation.WORKER_THREAD) {
      timeLimited(isolation).releaseSpares();
      attack(timeLimited(isolation), "stuck_in_library", ToolResult.Kind.LIMIT_EXCEEDED,
          "ran longer than 300 ms (the time limit) and did not stop (it is stuck in a library call); its thread was abandoned",
          "its changes were rolled back and the tool object was re-created");
      assertThat(Sandbox.SHARED.abandonedTotal()).isEqualTo(abandonedBefore + 1);
      // the victim's connection, which the abandoned thread once held, is not handed to another handle
      assertThat(timeLimited(isolation).spareHandles()).as("spares: only the other handle's").isEqualTo(1);
      noThreadIsLeftStuck();
    } else {
      // documented: on the caller's thread, nothing can cut a library call short; the call returns when it does
      try (EnvironmentHandle victim = timeLimited(isolation).newHandle()) {
        ToolResult r = victim.callTool("stuck_in_library", Map.of());
        assertThat(r.kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
        assertThat(victim.query("SELECT body FROM notes")).containsExactly(Map.of("body", "first"));
      }
      assertThat(Sandbox.SHARED.abandonedTotal()).isEqualTo(abandonedBefore);
    }
  }
}
