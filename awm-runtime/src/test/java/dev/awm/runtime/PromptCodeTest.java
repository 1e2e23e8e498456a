package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.StarterPack;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which tools run on the caller's thread under {@link Isolation#WORKER_THREAD}: those whose code
 * cannot get stuck in a library call ({@link PromptCode}); everything else keeps its worker.
 */
class PromptCodeTest {
  private static final String[][] TOOLS = {
      {"read", "Map row = db.queryOne(\"SELECT id, body FROM notes WHERE id = ?\", args.getLong(\"id\"));\n"
          + "if (row == null) throw new ToolError(\"note \" + args.getLong(\"id\") + \" not found\");\n"
          + "Map out = new LinkedHashMap(); out.put(\"note\", row); out.put(\"tags\", List.of(\"a\", \"b\")); return out;"},
      {"loop", "long n = 0; while (true) { n++; }"},
      {"constant_array", "Object[] a = new Object[] {\"x\", \"y\"}; return Arrays.asList(a);"},
      {"sized_array", "return Long.valueOf(new long[args.getInt(\"n\", 3)].length);"},
      {"constant_or_sized", "int n = args.getInt(\"n\", 3); return Long.valueOf(new long[n > 2 ? n : 5].length);"},
      {"regex", "return Boolean.valueOf(\"abc\".matches(\"a.*\"));"},
      {"substring_search", "return Boolean.valueOf(helper(\"abc\"));"},
      {"sorting", "List l = new ArrayList(); l.add(\"b\"); l.add(\"a\"); Collections.sort(l); return l;"},
      {"sized_collection", "return new ArrayList(args.getInt(\"n\", 3));"},
      {"big_numbers", "return new java.math.BigDecimal(\"1.5\").setScale(2, java.math.RoundingMode.HALF_UP).toString();"},
      {"repeat", "return \"ab\".repeat(3);"},
      {"char_search", "return Integer.valueOf(\"abc\".indexOf('b'));"},
  };
  private static final String HELPERS = "  private boolean helper(String s) { return s.contains(\"b\"); }\n";

  private static ToolBinding binding(String source, String... names) {
    return Environment.builder(HostileCode.definition(source, java.util.List.of(names))).build().binding();
  }

  @Test
  void toolsThatCannotGetStuckRunOnTheCallersThread() {
    ToolBinding b = binding(HostileCode.toolCode(TOOLS, HELPERS), HostileCode.names(TOOLS).toArray(new String[0]));
    for (String prompt : new String[] {"read", "loop", "constant_array", "char_search"}) {
      assertThat(b.runsPromptly(prompt)).as(prompt).isTrue();
      assertThat(b.isolation(Isolation.WORKER_THREAD, prompt)).isEqualTo(Isolation.CALLER_THREAD);
    }
    for (String worker : new String[] {"sized_array", "constant_or_sized", "regex", "substring_search", "sorting", "sized_collection", "big_numbers", "repeat"}) {
      assertThat(b.runsPromptly(worker)).as(worker).isFalse();
      assertThat(b.isolation(Isolation.WORKER_THREAD, worker)).isEqualTo(Isolation.WORKER_THREAD);
    }
    assertThat(b.isolation(Isolation.CALLER_THREAD, "regex")).isEqualTo(Isolation.CALLER_THREAD);
  }

  @Test
  void codeLibraryCodeCanCallBackCountsForEveryTool() {
    // a nested class whose toString searches a string: any tool may hand it to a library method
    String src = HostileCode.toolCode(new String[][] {{"read", "return db.scalar(\"SELECT count(*) FROM notes\");"}},
        "  static final class Label { public String toString() { return String.valueOf(\"a:b\".indexOf(\":b\")); } }\n");
    assertThat(binding(src, "read").runsPromptly("read")).isFalse();
    String plain = HostileCode.toolCode(new String[][] {{"read", "return db.scalar(\"SELECT count(*) FROM notes\");"}});
    assertThat(binding(plain, "read").runsPromptly("read")).isTrue();
  }

  @Test
  void aToolClassExtendingALibraryClassKeepsItsWorker() {
    // an inherited library method could be what a call on the tool class reaches
    String src = "import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class Hostile extends ArrayList {\n"
        + "  private final Db db;\n  public Hostile(Db db) { this.db = db; }\n"
        + "  public Object read(Args args) { add(\"x\"); return Integer.valueOf(size()); }\n}\n";
    assertThat(binding(src, "read").runsPromptly("read")).isTrue();
    String sorting = src.replace("add(\"x\");", "add(\"x\"); sort(null);");
    assertThat(binding(sorting, "read").runsPromptly("read")).isFalse();
  }

  @Test
  void aPromptToolOnTheCallersThreadIsStillStoppedAtTheTimeLimit() {
    Environment env = Environment.builder(HostileCode.definition(HostileCode.toolCode(TOOLS, HELPERS), HostileCode.names(TOOLS)))
        .callTimeout(Duration.ofMillis(200)).build();
    assertThat(env.isolation()).isEqualTo(Isolation.WORKER_THREAD);
    try (EnvironmentHandle h = env.newHandle()) {
      ToolResult r = h.callTool("loop", Map.of());
      assertThat(r.kind()).isEqualTo(ToolResult.Kind.LIMIT_EXCEEDED);
      assertThat(r.message()).contains("ran longer than 200 ms (the time limit) and was stopped");
      assertThat(h.callTool("constant_array", Map.of()).content()).isEqualTo("[\"x\",\"y\"]");
    }
  }

  @Test
  void theStarterPacksReadToolsRunOnTheCallersThread() {
    ToolBinding b = Environment.of(StarterPack.load("e_commerce")).binding();
    assertThat(b.runsPromptly("get_product")).isTrue();
  }
}
