package dev.awm.runtime;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Environments of a one-table notes database whose tools are given snippets, for the sandbox tests. */
final class HostileCode {
  /** The line of the first statement of the first tool's body. */
  static final int FIRST_BODY_LINE = 7;

  private HostileCode() {}

  /** Tool code with one tool per {@code {name, body}} pair; each body starts on its own line. */
  static String toolCode(String[][] tools) {
    return toolCode(tools, "");
  }

  /** The same, with {@code members} (helper methods) declared after the tools. */
  static String toolCode(String[][] tools, String members) {
    StringBuilder src = new StringBuilder("import java.util.*;\nimport dev.awm.runtime.api.*;\n"
        + "public class Hostile {\n  private final Db db;\n  public Hostile(Db db) { this.db = db; }\n");
    for (String[] t : tools) src.append("  public Object ").append(t[0]).append("(Args args) {\n").append(t[1]).append("\n  }\n");
    return src.append(members).append("}\n").toString();
  }

  /** A definition whose tools are {@code tools} over a table {@code notes(id, body)} holding the note 'first'. */
  static EnvironmentDefinition definition(String[][] tools) {
    return definition(toolCode(tools), names(tools));
  }

  static EnvironmentDefinition definition(String source, List<String> toolNames) {
    List<Endpoint> eps = new ArrayList<>();
    for (String t : toolNames) eps.add(new Endpoint("/" + t, "POST", t, "", t, List.of(), Map.of(), null, List.of("notes"), Map.of()));
    return EnvironmentDefinition.builder(new Scenario("Hostile tools", "tools that attack their sandbox"))
        .schema(new DatabaseSchema(List.of(new TableSchema("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", List.of()))))
        .sampleData(new SampleData(List.of(new TableRows("notes", "", List.of("INSERT INTO notes (body) VALUES ('first')")))))
        .spec(new ApiSpec(List.of(new ApiGroup("all", eps))))
        .toolCode(ToolCode.java(source))
        .build();
  }

  static List<String> names(String[][] tools) {
    List<String> names = new ArrayList<>();
    for (String[] t : tools) names.add(t[0]);
    return names;
  }
}
