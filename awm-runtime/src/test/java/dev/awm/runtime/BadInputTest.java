package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input gives an error result naming the problem, leaves the database as it was, and the handle usable. */
class BadInputTest {
  private final Environment env = TestEnvironments.bookshop();

  private static Map<String, List<Map<String, Object>>> dump(EnvironmentHandle h) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (String t : List.of("users", "books", "orders", "order_items", "reviews")) out.put(t, h.query("SELECT * FROM " + t + " ORDER BY id"));
    return out;
  }

  /** Runs {@code bad} after one successful write, and checks the error, the state and the handle afterwards. */
  private void assertRejected(Function<EnvironmentHandle, ToolResult> bad, String... messageParts) {
    assertRejected(null, bad, messageParts);
  }

  private void assertRejected(ToolResult.Kind kind, Function<EnvironmentHandle, ToolResult> bad, String... messageParts) {
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("update_email", Map.of("email", "before@example.org")).isError()).isFalse();
      Map<String, List<Map<String, Object>>> before = dump(h);
      ToolResult r = bad.apply(h);
      assertThat(r.isError()).as("error result").isTrue();
      if (kind != null) assertThat(r.kind()).isEqualTo(kind);
      for (String part : messageParts) assertThat(r.message()).contains(part);
      assertThat(r.contentValue()).isEqualTo(Map.of("error", r.message()));
      assertThat(dump(h)).as("database unchanged by the failed call").isEqualTo(before);
      ToolResult next = h.callTool("create_order", Map.of("book_id", 1, "quantity", 1));
      assertThat(next.isError()).as("handle usable after the failure: " + next.message()).isFalse();
      assertThat(h.errors()).isEqualTo(1);
      assertThat(h.calls()).as("every call counts, failed ones included").isEqualTo(3);
    }
  }

  @Test
  void unknownTool() {
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("drop_everything", Map.of()), "unknown tool 'drop_everything'");
  }

  @Test
  void missingRequiredArgument() {
    assertRejected(h -> h.callTool("create_order", Map.of("book_id", 1)), "missing required argument 'quantity' (integer)",
        "create_order");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"book_id\": \"one\", \"quantity\": 1}|argument 'book_id' of tool 'create_order' must be integer, got string \"one\"",
      "{\"book_id\": 1.5, \"quantity\": 1}|must be integer, got number 1.5",
      "{\"book_id\": true, \"quantity\": 1}|must be integer, got boolean true",
      "{\"book_id\": [1], \"quantity\": 1}|must be integer, got array",
      "{\"book_id\": 1, \"quantity\": 1, \"coupon\": \"X\"}|unknown argument 'coupon' for tool 'create_order'; expected: book_id, quantity",
      "{\"book_id\": 1, \"quantity\": |are not valid JSON",
      "[1, 2]|must be a JSON object, got array",
  })
  void argumentsThatDoNotMatchTheSchema(String json, String expected) {
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", json), expected);
  }

  @Test
  void integersPastSixtyFourBitsAreRefusedNotWrapped() {
    String range = "argument 'book_id' of tool 'create_order' must be an integer from -9223372036854775808 to 9223372036854775807";
    java.math.BigInteger twoTo64Plus1 = java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.ONE);
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", Map.of("book_id", twoTo64Plus1, "quantity", 1)),
        range, "18446744073709551617");
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", "{\"book_id\": 18446744073709551617, \"quantity\": 1}"),
        range, "18446744073709551617");
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", "{\"book_id\": -9223372036854775809, \"quantity\": 1}"),
        range, "-9223372036854775809");
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("get_book", Map.of("book_id", java.math.BigInteger.TWO)).isError()).as("a BigInteger in range is fine").isFalse();
    }
  }

  @Test
  void argsGetLongRefusesWhatALongCannotHold() {
    java.math.BigInteger big = java.math.BigInteger.TWO.pow(64).add(java.math.BigInteger.ONE);
    dev.awm.runtime.api.Args args = new dev.awm.runtime.api.Args(Map.of("big", big, "huge", 1e19, "fits", java.math.BigInteger.TEN,
        "min", (double) Long.MIN_VALUE));
    assertThatThrownBy(() -> args.getLong("big")).isInstanceOf(dev.awm.runtime.api.ToolError.class)
        .hasMessage("argument 'big' is out of range: 18446744073709551617");
    assertThatThrownBy(() -> args.getLong("huge")).hasMessageContaining("out of range");
    assertThat(args.getLong("fits")).isEqualTo(10L);
    assertThat(args.getLong("min")).isEqualTo(Long.MIN_VALUE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"NaN|NaN", "Infinity|Infinity", "-Infinity|-Infinity"})
  void nonFiniteNumbersAreRefusedAtBothEntryPoints(double value, String json) {
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("search_books", Map.of("max_price", value)),
        "argument 'max_price' of tool 'search_books' holds " + json, "numbers must be finite");
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("search_books", "{\"max_price\": " + json + "}"), "are not valid JSON");
  }

  /** An environment whose one tool takes an object and an array, and echoes them. */
  private static Environment echo() {
    return EnvironmentBuilder.create("Echo", "echoes").table("t", "CREATE TABLE t (id INTEGER PRIMARY KEY)")
        .tool(EnvironmentBuilder.tool("echo", "Echo").param("options", ParamType.OBJECT, false, "options").param("items", ParamType.ARRAY, false, "items"),
            (db, args) -> Map.of("options", String.valueOf(args.getMap("options")), "items", String.valueOf(args.getList("items"))))
        .build();
  }

  @Test
  void nestedNonFiniteNumbersAndDuplicateKeysAreRefused() {
    try (EnvironmentHandle h = echo().newHandle()) {
      ToolResult nested = h.callTool("echo", Map.of("options", Map.of("a", List.of(1, Double.NaN))));
      assertThat(nested.kind()).isEqualTo(ToolResult.Kind.BAD_REQUEST);
      assertThat(nested.message()).contains("argument 'options' of tool 'echo' holds NaN at .a[1]");
      ToolResult inList = h.callTool("echo", Map.of("items", List.of(Map.of("x", Float.NEGATIVE_INFINITY))));
      assertThat(inList.message()).contains("argument 'items' of tool 'echo' holds -Infinity at [0].x");
      for (String json : List.of("{\"options\": {\"a\": 1, \"a\": 2}}", "{\"items\": [{\"b\": {\"a\": 1, \"a\": 1}}]}")) {
        ToolResult dup = h.callTool("echo", json);
        assertThat(dup.kind()).as(json).isEqualTo(ToolResult.Kind.BAD_REQUEST);
        assertThat(dup.message()).as(json).contains("Duplicate", "\"a\"");
      }
      assertThat(h.callTool("echo", "{\"options\": {\"a\": 1}, \"items\": [{\"a\": 1}, {\"a\": 1}]}").isError()).isFalse();
    }
  }

  @Test
  void duplicateTopLevelKeysAreRefused() {
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", "{\"book_id\": 1, \"quantity\": 1, \"book_id\": 2}"),
        "Duplicate", "\"book_id\"");
  }

  @Test
  void echoedInputIsShortened() {
    String huge = "x".repeat(1_000_000);
    String shortened = "x".repeat(100) + "... (1000000 characters)";
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool(huge, Map.of()), "unknown tool '" + shortened + "'");
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool(huge, "[1]"), "arguments of tool '" + shortened + "' must be a JSON object");
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", Map.of("book_id", 1, "quantity", 1, huge, 1)),
        "unknown argument '" + shortened + "'");
    java.math.BigInteger googolish = java.math.BigInteger.TEN.pow(100_000);
    assertRejected(ToolResult.Kind.BAD_REQUEST, h -> h.callTool("create_order", Map.of("book_id", googolish, "quantity", 1)),
        "got number 1" + "0".repeat(99) + "... (100001 characters)");
    try (EnvironmentHandle h = env.newHandle()) {
      for (ToolResult r : List.of(h.callTool(huge, Map.of()), h.callTool("create_order", "{\"book_id\": " + huge + "}"),
          h.callTool("create_order", "{\"" + huge + "\": 1}"), h.callTool("search_books", Map.of("max_price", huge)))) {
        assertThat(r.isError()).isTrue();
        assertThat(r.message().length()).as(r.message()).isLessThan(1000);
      }
    }
  }

  @Test
  void integralFloatsAreAcceptedForIntegers() {
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("get_book", "{\"book_id\": 2.0}").isError()).isFalse();
      assertThat(h.callTool("search_books", "{\"max_price\": 12}").content()).contains("The Dispossessed");
      assertThat(h.callTool("search_books", "{\"query\": null}").isError()).isFalse();
    }
  }

  @Test
  void toolErrorFromTheToolCode() {
    assertRejected(ToolResult.Kind.TOOL_ERROR, h -> h.callTool("cancel_order", Map.of("order_id", 1)), "order 1 is shipped and cannot be cancelled");
  }

  @Test
  void aConstraintFailingAfterEarlierWritesRollsBackTheWholeCall() {
    // create_order inserts the order and its item, then the stock update violates CHECK (stock >= 0)
    assertRejected(ToolResult.Kind.TOOL_FAILURE, h -> h.callTool("create_order", Map.of("book_id", 2, "quantity", 50)),
        "tool 'create_order' failed at line", "database error", "CHECK constraint failed");
  }
}
