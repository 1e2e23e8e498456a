package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tool code gets deep immutable copies of its arguments: it can neither change the caller's lists
 * and maps (nested ones included) nor keep hold of them; trying to change one is a failed call.
 */
class ArgumentCopyTest {
  private static final String TOOLS = """
      import java.util.*;
      import dev.awm.runtime.api.*;
      public class Meddling {
        private final Db db;
        public Meddling(Db db) { this.db = db; }
        public Object add_to_list(Args args) { ((List) args.getList("items")).add("smuggled"); return "changed"; }
        public Object put_into_map(Args args) { ((Map) args.getMap("options")).put("smuggled", "yes"); return "changed"; }
        public Object add_to_nested(Args args) {
          ((List) ((Map) args.getList("items").get(0)).get("tags")).add("smuggled");
          return "changed";
        }
        public Object put_into_nested(Args args) {
          ((Map) ((List) args.getMap("options").get("inner")).get(0)).put("smuggled", "yes");
          return "changed";
        }
        public Object echo(Args args) { return args.getMap("options"); }
      }
      """;

  private static Environment environment() {
    EnvironmentBuilder b = EnvironmentBuilder.create("Meddling", "tools that change their arguments")
        .table("t", "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    for (String tool : List.of("add_to_list", "add_to_nested")) {
      b.tool(EnvironmentBuilder.tool(tool, tool).param("items", ParamType.ARRAY, true, "items"));
    }
    for (String tool : List.of("put_into_map", "put_into_nested", "echo")) {
      b.tool(EnvironmentBuilder.tool(tool, tool).param("options", ParamType.OBJECT, true, "options"));
    }
    b.tool(EnvironmentBuilder.tool("host_add", "host").param("items", ParamType.ARRAY, true, "items"), (db, args) -> {
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) args.getList("items");
      items.add("smuggled");
      return "changed";
    });
    return b.javaTools(TOOLS).build();
  }

  private static final Environment ENV = environment();

  private static Map<String, Object> mutableMap(Object... keysAndValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }

  /** Calls {@code tool} with {@code args} and checks that the call failed and that {@code args} is unchanged. */
  private static void assertRefused(String tool, Map<String, Object> args) {
    String before = args.toString();
    try (EnvironmentHandle h = ENV.newHandle()) {
      ToolResult r = h.callTool(tool, args);
      assertThat(r.kind()).as(tool + ": " + r.message()).isEqualTo(ToolResult.Kind.TOOL_FAILURE);
      assertThat(r.message()).contains("UnsupportedOperationException");
    }
    assertThat(args).as("the caller's arguments").hasToString(before);
  }

  @Test
  void toolCodeCannotChangeTheCallersListOrMap() {
    List<Object> items = new ArrayList<>(List.of("a", "b"));
    assertRefused("add_to_list", mutableMap("items", items));
    assertThat(items).containsExactly("a", "b");
    Map<String, Object> options = mutableMap("color", "red");
    assertRefused("put_into_map", mutableMap("options", options));
    assertThat(options).containsOnlyKeys("color");
  }

  @Test
  void norNestedOnes() {
    List<Object> tags = new ArrayList<>(List.of("x"));
    List<Object> items = new ArrayList<>(List.of(mutableMap("tags", tags)));
    assertRefused("add_to_nested", mutableMap("items", items));
    assertThat(tags).containsExactly("x");
    Map<String, Object> deep = mutableMap("k", "v");
    assertRefused("put_into_nested", mutableMap("options", mutableMap("inner", new ArrayList<>(List.of(deep)))));
    assertThat(deep).containsOnlyKeys("k");
  }

  @Test
  void hostToolsGetTheSameCopies() {
    List<Object> items = new ArrayList<>(List.of("a"));
    assertRefused("host_add", mutableMap("items", items));
    assertThat(items).containsExactly("a");
  }

  @Test
  void nullValuesInsideArgumentsSurviveTheCopy() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("none", null);
    options.put("list", Arrays.asList(1, null, 2.5));
    try (EnvironmentHandle h = ENV.newHandle()) {
      ToolResult r = h.callTool("echo", Map.of("options", options));
      assertThat(r.content()).isEqualTo("{\"none\":null,\"list\":[1,null,2.5]}");
      assertThat(h.callTool("echo", "{\"options\": {\"none\": null, \"list\": [1, null, 2.5]}}").content()).isEqualTo(r.content());
    }
  }

  @Test
  void valuesThatAreNotPlainJsonAreABadRequest() {
    try (EnvironmentHandle h = ENV.newHandle()) {
      ToolResult r = h.callTool("echo", Map.of("options", Map.of("when", new StringBuilder("now"))));
      assertThat(r.kind()).isEqualTo(ToolResult.Kind.BAD_REQUEST);
      assertThat(r.message()).contains("argument 'options' of tool 'echo' holds a java.lang.StringBuilder at .when",
          "not a plain JSON value");
      List<Object> cycle = new ArrayList<>();
      cycle.add(cycle);
      ToolResult deep = h.callTool("add_to_list", Map.of("items", cycle));
      assertThat(deep.kind()).isEqualTo(ToolResult.Kind.BAD_REQUEST);
      assertThat(deep.message()).contains("nested deeper than 1000 levels");
    }
  }
}
