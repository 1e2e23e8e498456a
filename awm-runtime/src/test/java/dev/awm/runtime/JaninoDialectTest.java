package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the Java dialect that Janino 3.1.12 accepts, as written in docs/tool-code-contract.md:
 * each snippet is the body of a method {@code Object run()} in a class with java.util imported.
 * If a Janino upgrade changes one of these, this test says which, and the contract must change.
 */
class JaninoDialectTest {
  private static Object compileAndRun(String body) throws Exception {
    String src = "import java.util.*;\nimport java.util.function.*;\npublic class Snippet {\n"
        + "  public Object run() throws Exception {\n" + body + "\n  }\n}\n";
    Class<?> c = CodeCompiler.compile("dialect", "snippet", src).get(0);
    return c.getMethod("run").invoke(c.getConstructor().newInstance());
  }

  @ParameterizedTest(name = "refused: {0}")
  @CsvSource(delimiterString = " ~ ", value = {
      "lambda ~ Function f = x -> x; return f.apply(1); ~ NYI",
      "method reference ~ Function f = String::valueOf; return f.apply(1); ~ NYI",
      "var ~ var x = 1; return x; ~ var",
      "instanceof pattern ~ Object o = 1; if (o instanceof Integer i) return i; return null; ~ ",
      "switch expression ~ int k = 1; return switch (k) { case 1 -> \"one\"; default -> \"other\"; }; ~ ",
      "multi-catch ~ try { return 1; } catch (IllegalStateException | IllegalArgumentException e) { return 2; } ~ NYI",
      "generic result without a cast ~ List<String> l = new ArrayList<>(); l.add(\"a\"); String s = l.get(0); return s; ~ ",
      "record ~ record P(int x) {} return new P(1); ~ ",
      "static method of a local interface ~ interface I { static int one() { return 1; } } return I.one(); ~ ",
  })
  void notAccepted(String what, String body, String messagePart) {
    assertThatThrownBy(() -> compileAndRun(body))
        .as(what)
        .isInstanceOf(CodeCompileException.class)
        .satisfies(e -> {
          CodeCompileException c = (CodeCompileException) e;
          assertThat(c.line()).isGreaterThanOrEqualTo(5);
          assertThat(c.getMessage()).contains(messagePart == null ? "" : messagePart);
        });
  }

  @ParameterizedTest(name = "accepted: {0}")
  @CsvSource(delimiterString = " ~ ", value = {
      "classic switch on strings ~ String s = \"b\"; switch (s) { case \"a\": return 1; case \"b\": return 2; default: return 3; } ~ 2",
      "diamond and cast ~ List<String> l = new ArrayList<>(); l.add(\"x\"); return (String) l.get(0); ~ x",
      "enhanced for with cast ~ List l = new ArrayList(); l.add(2); l.add(3); int t = 0; for (Object o : l) t += (Integer) o; return t; ~ 5",
      "anonymous class with final capture ~ final int k = 4; Supplier s = new Supplier() { public Object get() { return k * 2; } }; return s.get(); ~ 8",
      "List.of and Map.of ~ return List.of(1, 2).size() + Map.of(\"a\", 1).size(); ~ 3",
      "varargs and autoboxing ~ return String.format(\"%d-%s\", 7, \"x\"); ~ 7-x",
      "try/finally ~ StringBuilder b = new StringBuilder(); try { b.append(\"a\"); } finally { b.append(\"b\"); } return b.toString(); ~ ab",
      "java.time ~ return java.time.LocalDate.parse(\"2026-11-21\").plusDays(10).toString(); ~ 2026-12-01",
      "java.math ~ return new java.math.BigDecimal(\"1.10\").add(new java.math.BigDecimal(\"2.05\")).toPlainString(); ~ 3.15",
      "regex ~ return java.util.regex.Pattern.compile(\"[0-9]+\").matcher(\"ab42c\").replaceAll(\"#\"); ~ ab#c",
  })
  void accepted(String what, String body, String expected) throws Exception {
    assertThat(String.valueOf(compileAndRun(body))).as(what).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void textBlocksAreAccepted() throws Exception {
    assertThat(compileAndRun("String s = \"\"\"\n    hi\n    \"\"\";\nreturn s.trim();")).isEqualTo("hi");
  }

  @org.junit.jupiter.api.Test
  void compileErrorsNameTheEnvironmentLineAndColumn() {
    String src = "import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class T {\n  public T(Db db) {}\n"
        + "  public Object get_book(Args args) {\n    return undefinedThing;\n  }\n}\n";
    var def = TestEnvironments.bookshopDefinition().toBuilder().toolCode(dev.awm.core.ToolCode.java(src)).build();
    assertThatThrownBy(() -> Environment.of(def))
        .isInstanceOf(CodeCompileException.class)
        .satisfies(e -> {
          CodeCompileException c = (CodeCompileException) e;
          assertThat(c.environment()).isEqualTo("bookshop");
          assertThat(c.unit()).isEqualTo("tools");
          assertThat(c.line()).isEqualTo(6);
          assertThat(c.column()).isEqualTo(12);
          assertThat(c.detail()).contains("undefinedThing");
          assertThat(c.getMessage()).startsWith("environment 'bookshop': tools does not compile: line 6, column 12: ");
        });
  }

  @org.junit.jupiter.api.Test
  void missingToolMethodsAreNamed() {
    String src = "import dev.awm.runtime.api.*;\npublic class T {\n  public T(Db db) {}\n"
        + "  public Object get_book(Args args) { return null; }\n}\n";
    var def = TestEnvironments.bookshopDefinition().toBuilder().toolCode(dev.awm.core.ToolCode.java(src)).build();
    assertThatThrownBy(() -> Environment.of(def))
        .isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("no method for operation(s) search_books, create_order")
        .hasMessageContaining("public Object <operation_id>(Args args)");
  }

  @org.junit.jupiter.api.Test
  void pythonToolCodeFromAwm1kIsRefusedClearly() {
    var def = TestEnvironments.bookshopDefinition().toBuilder()
        .toolCode(new dev.awm.core.ToolCode(null, "from fastapi import FastAPI\napp = FastAPI()\n")).build();
    assertThatThrownBy(() -> Environment.of(def)).hasMessageContaining("tool code is python");
  }

  @org.junit.jupiter.api.Test
  void failingDdlIsNamed() {
    var base = TestEnvironments.bookshopDefinition();
    var tables = new java.util.ArrayList<>(base.schema().tables());
    tables.add(new dev.awm.core.TableSchema("broken", "CREATE TABLE broken (id INTEGER PRIMARY KEY,, x)", java.util.List.of()));
    var def = base.toBuilder().schema(new dev.awm.core.DatabaseSchema(tables)).build();
    assertThatThrownBy(() -> Environment.of(def)).isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("schema statement failed").hasMessageContaining("CREATE TABLE broken");
  }

  @org.junit.jupiter.api.Test
  void failingInsertsAreSkippedOrFatalInStrictMode() {
    var base = TestEnvironments.bookshopDefinition();
    var rows = new java.util.ArrayList<>(base.sampleData().tables());
    rows.add(new dev.awm.core.TableRows("books", "", java.util.List.of("INSERT INTO books (id, title) VALUES (99, 'no author');")));
    var def = base.toBuilder().sampleData(new dev.awm.core.SampleData(rows)).build();
    Environment lenient = Environment.of(def);
    assertThat(lenient.skippedStatements()).singleElement().satisfies(s -> assertThat(s.error()).contains("NOT NULL"));
    try (EnvironmentHandle h = lenient.newHandle()) {
      assertThat(h.query("SELECT COUNT(*) AS n FROM books")).containsExactly(Map.of("n", 4L));
    }
    assertThatThrownBy(() -> Environment.builder(def).strictSampleData(true).build())
        .hasMessageContaining("sample data statement failed").hasMessageContaining("no author");
  }
}
