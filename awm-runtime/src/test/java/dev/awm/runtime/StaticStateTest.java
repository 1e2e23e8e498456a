package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Generated classes may keep only constants in static fields: anything else would be shared by
 * every handle of the environment, a channel between episodes. One snippet per way of keeping
 * state; each is refused at compile time, naming the class, the field and its line.
 */
class StaticStateTest {
  /** The line of the first member declared after the tools in {@link #source}. */
  private static final int MEMBER_LINE = HostileCode.FIRST_BODY_LINE + 2;

  private static String source(String toolBody, String members) {
    return HostileCode.toolCode(new String[][] {{"t", toolBody}}, members);
  }

  private static CodeCompileException refusal(String toolBody, String members) {
    Throwable t = catchThrowable(() -> Environment.of(HostileCode.definition(source(toolBody, members), List.of("t"))));
    assertThat(t).as(members).isInstanceOf(CodeCompileException.class);
    return (CodeCompileException) t;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " ~ ", value = {
      "a static HashMap ~ static final Map CACHE = new HashMap(); ~ Hostile.CACHE holds a java.util.HashMap",
      "an unmodifiable view of a HashMap ~ static final Map VIEW = Collections.unmodifiableMap(new HashMap());"
          + " ~ Hostile.VIEW holds a java.util.Collections$UnmodifiableMap",
      "List.of a mutable list ~ static final List LISTS = List.of(new ArrayList());"
          + " ~ Hostile.LISTS holds a java.util.ArrayList (inside a java.util.ImmutableCollections$List12)",
      "Map.of holding a StringBuilder ~ static final Map M = Map.of(\"k\", List.of(\"a\", new StringBuilder()));"
          + " ~ Hostile.M holds a java.lang.StringBuilder (inside a java.util.ImmutableCollections$Map1)",
      "a static array ~ static final String[] STATUSES = {\"open\", \"done\"};"
          + " ~ Hostile.STATUSES is an array (arrays are mutable: use List.of(...) instead)",
      "an array behind Object ~ static final Object IDS = new long[] {1L, 2L}; ~ Hostile.IDS holds an array (long[])",
      "a non-final static ~ static long counter = 0L; ~ Hostile.counter is not final",
      "an object of its own class with a mutable field ~ static final Box BOX = new Box(); static class Box { long n; }"
          + " ~ Hostile.BOX holds a Hostile$Box whose field n is not final",
      "its own subclass of a mutable JDK class ~ static final List ANON = new ArrayList() { };"
          + " ~ Hostile.ANON holds a Hostile$1, which extends java.util.ArrayList",
      "a static in a nested class ~ static class Holder { static final List KEEP = new ArrayList(); }"
          + " ~ static field Hostile$Holder.KEEP holds a java.util.ArrayList",
  })
  void mutableStaticStateIsRefused(String route, String members, String message) {
    CodeCompileException e = refusal("return null;", "  " + members + "\n");
    assertThat(e.getMessage()).as(route).contains(message)
        .contains("generated code may keep only constants in static fields (primitives, strings, List.of/Map.of/Set.of of constants)")
        .contains("keep per-handle state in instance fields or in the database");
    assertThat(e.unit()).isEqualTo("tools");
    assertThat(e.line()).as(route).isEqualTo(MEMBER_LINE);
  }

  @Test
  void aStaticMapCarryingDataBetweenHandlesIsRefusedWithTheWholeRule() {
    CodeCompileException e = refusal("Object last = SEEN.get(\"last\"); SEEN.put(\"last\", args.getString(\"x\", \"?\")); return last;",
        "  private static final Map SEEN = new HashMap();\n");
    assertThat(e.getMessage()).endsWith("tools does not compile: line " + MEMBER_LINE + ": static field Hostile.SEEN holds a "
        + "java.util.HashMap; generated code may keep only constants in static fields (primitives, strings, List.of/Map.of/Set.of "
        + "of constants): state shared by every handle would leak between episodes; keep per-handle state in instance fields "
        + "or in the database");
  }

  @Test
  void aDbKeptInAStaticHolderByTheConstructorIsRefused() {
    String holder = HostileCode.toolCode(new String[][] {{"t", "return ((Db) SHARED.get(0)).query(\"SELECT body FROM notes\");"}})
        .replace("public Hostile(Db db) { this.db = db; }", "public Hostile(Db db) { this.db = db; SHARED.add(0, db); }\n"
            + "  static final List SHARED = new ArrayList();");
    Throwable t = catchThrowable(() -> Environment.of(HostileCode.definition(holder, List.of("t"))));
    assertThat(t).isInstanceOf(CodeCompileException.class).hasMessageContaining("static field Hostile.SHARED holds a java.util.ArrayList");
    String array = HostileCode.toolCode(new String[][] {{"t", "return LAST[0].query(\"SELECT body FROM notes\");"}})
        .replace("public Hostile(Db db) { this.db = db; }", "public Hostile(Db db) { this.db = db; LAST[0] = db; }\n"
            + "  static final Db[] LAST = new Db[1];");
    assertThat(catchThrowable(() -> Environment.of(HostileCode.definition(array, List.of("t")))))
        .isInstanceOf(CodeCompileException.class).hasMessageContaining("static field Hostile.LAST is an array");
  }

  @Test
  void anEnumWithAMutableFieldIsRefused() {
    assertThat(refusal("return null;", "  enum Counter { ONE; long n; }\n").getMessage())
        .contains("static field Hostile$Counter.ONE holds a Hostile$Counter whose field n is not final");
    assertThat(refusal("return null;", "  enum Bag { ONE; final List items = new ArrayList(); }\n")
        .getMessage()).contains("static field Hostile$Bag.ONE holds a java.util.ArrayList (inside a Hostile$Bag)");
  }

  @Test
  void internIsRefused() {
    CodeCompileException e = refusal("String s = args.getString(\"x\", \"a\"); return Boolean.valueOf(s.intern() == s);", "");
    assertThat(e.getMessage()).contains("java.lang.String.intern is not allowed in generated code");
    assertThat(e.line()).isEqualTo(HostileCode.FIRST_BODY_LINE);
  }

  @Test
  void constantsStillCompileAndWork() {
    String members = """
          private static final String NAME = "notes";
          private static final long LIMIT = 10L;
          static final Integer BOXED = Integer.valueOf(7);
          static final List STATUSES = List.of("open", "done");
          static final Set TAGS = Set.of("a", "b", "c");
          static final Map LABELS = Map.of("open", "Open", "done", List.of("Done", "Closed"));
          static final Map ONE = Map.ofEntries(Map.entry("k", Set.of("v")));
          static final List NONE = Collections.emptyList();
          static final List COPY = List.copyOf(new ArrayList(List.of("x", "y", "z")));
          static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[a-z]+");
          static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd");
          static final java.time.LocalDate START = java.time.LocalDate.of(2026, 5, 20);
          static final java.math.BigDecimal RATE = new java.math.BigDecimal("0.25");
          static final Comparator BY_LENGTH = new Comparator() {
            public int compare(Object a, Object b) { return ((String) a).length() - ((String) b).length(); }
          };
          enum Color { RED, GREEN }
          enum Size { SMALL("s", 1), LARGE("l", 9); final String code; final long rank; Size(String c, long r) { code = c; rank = r; } }
          static final Color DEFAULT = Color.GREEN;
        """;
    String body = "List out = new ArrayList(); out.add(NAME); out.add(Long.valueOf(LIMIT + BOXED.intValue()));\n"
        + "out.add(Boolean.valueOf(STATUSES.contains(\"done\") && TAGS.size() == 3)); out.add(((List) LABELS.get(\"done\")).get(1));\n"
        + "out.add(Boolean.valueOf(ONE.containsKey(\"k\") && NONE.isEmpty())); out.add(String.join(\",\", COPY));\n"
        + "out.add(Boolean.valueOf(WORD.matcher(\"abc\").matches())); out.add(START.plusDays(1).format(DAY)); out.add(RATE.toString());\n"
        + "List words = new ArrayList(List.of(\"ccc\", \"a\")); Collections.sort(words, BY_LENGTH); out.add(words.get(0));\n"
        + "Color[] colors = Color.values(); colors[0] = Color.GREEN; out.add(Color.values()[0].name() + \" \" + DEFAULT.name());\n"
        + "out.add(Size.LARGE.code + Size.valueOf(\"SMALL\").rank);\n"
        + "return out;";
    Environment env = Environment.of(HostileCode.definition(source(body, members), List.of("t")));
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("t", Map.of()).contentValue()).isEqualTo(List.of("notes", 17L, true, "Closed", true, "x,y,z", true,
          "2026-05-21", "0.25", "a", "RED GREEN", "l1"));
    }
  }
}
