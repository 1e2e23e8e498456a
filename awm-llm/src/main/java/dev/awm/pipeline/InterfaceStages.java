package dev.awm.pipeline;

import dev.awm.core.ApiSpec;
import dev.awm.core.internal.AwmRows;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.RequestParam;
import dev.awm.core.ToolCode;
import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import dev.awm.runtime.CodeCompileException;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;
import tools.jackson.databind.JsonNode;

/** Stages 5 and 6: the API spec, and the Java tool code that implements it. */
final class InterfaceStages {
  private static final Set<String> TYPES = Set.of("string", "integer", "float", "number", "boolean", "array", "object",
      "int", "str", "bool", "list", "dict", "double", "date", "datetime");

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InterfaceStages.class);

  private InterfaceStages() {}

  static StageContext.Attempted<ApiSpec> spec(StageContext ctx, EnvironmentDefinition d) {
    String user = Prompts.render("spec.user.md", Map.of("scenario_name", d.scenario().name(), "tasks", Render.tasks(d.tasks()),
        "schema", Render.schema(d), "data", initialRows(d), "now", Render.now(d)));
    Map<String, Set<String>> columns = columns(d);
    return ctx.attempt(Stage.SPEC, d.name(), null, Prompts.load("spec.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      ApiSpec spec = AwmRows.spec(JsonValues.MAPPER.createObjectNode().set("api_spec", root));
      List<String> problems = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (Endpoint e : spec.endpoints()) {
        String op = e.operationId();
        if (!SourceVersion.isIdentifier(op) || SourceVersion.isKeyword(op)) problems.add("operation_id '" + op + "' is not a valid Java method name");
        else if (!ids.add(op)) problems.add("operation_id '" + op + "' is used twice");
        for (Map.Entry<String, RequestParam> p : e.requestParams().entrySet()) {
          String type = p.getValue().type().toLowerCase(Locale.ROOT);
          if (!TYPES.contains(type) && !type.startsWith("array") && !type.startsWith("list")) {
            problems.add(op + ": parameter '" + p.getKey() + "' has unknown type '" + p.getValue().type() + "'");
          }
        }
        for (String t : e.requiredTables()) {
          if (!columns.containsKey(t.toLowerCase(Locale.ROOT))) problems.add(op + ": required table '" + t + "' is not in the schema");
        }
        for (Map.Entry<String, List<String>> f : e.requiredFields().entrySet()) {
          Set<String> cols = columns.get(f.getKey().toLowerCase(Locale.ROOT));
          if (cols == null) continue;
          for (String c : f.getValue()) {
            if (!cols.contains(c.toLowerCase(Locale.ROOT))) problems.add(op + ": field '" + f.getKey() + "." + c + "' is not in the schema");
          }
        }
      }
      if (spec.endpoints().isEmpty()) problems.add("no endpoints in \"api_groups\"");
      if (!problems.isEmpty()) throw new StageRejected(problems);
      return spec;
    });
  }

  /** Table name -> column names (lower case), read from the initial database. */
  private static Map<String, Set<String>> columns(EnvironmentDefinition d) {
    Map<String, Set<String>> out = new HashMap<>();
    // the schema alone: the sample rows do not change the columns
    Environment env = Environment.of(d.toBuilder().spec(null).toolCode(null).sampleData(null).build());
    try (DatabaseView db = env.openInitialDatabase()) {
      for (Map<String, Object> t : db.query("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        String name = (String) t.get("name");
        Set<String> cols = new HashSet<>();
        for (Map<String, Object> c : db.query("SELECT name FROM pragma_table_info(?)", name)) {
          cols.add(((String) c.get("name")).toLowerCase(Locale.ROOT));
        }
        out.put(name.toLowerCase(Locale.ROOT), cols);
      }
    }
    return out;
  }

  /**
   * The tool code, checked by building the environment and calling every tool; the value is the
   * accepted attempt's environment, for the stages after (a rejected attempt's frees its spare connections).
   */
  static StageContext.Attempted<Environment> tools(StageContext ctx, EnvironmentDefinition d) {
    String user = Prompts.render("tools.user.md", Map.of("scenario_name", d.scenario().name(), "contract", Render.toolContract(d),
        "spec", Render.spec(d), "schema", Render.schema(d), "now", Render.now(d)));
    java.util.Set<String> told = java.util.concurrent.ConcurrentHashMap.newKeySet(); // example errors already fed back
    return ctx.attempt(Stage.TOOLS, d.name(), null, Prompts.load("tools.system.md"), user, (reply, last) -> {
      String source = ModelJson.object(reply).path("full_code").asString("");
      if (source.isBlank()) throw new StageRejected("\"full_code\" is missing or empty");
      ToolCode code = ToolCode.java(source);
      Environment env;
      try {
        env = Environment.of(d.toBuilder().toolCode(code).build());
      } catch (CodeCompileException e) {
        throw new StageRejected(e.getMessage() + sourceLine(source, e.line()));
      } catch (EnvironmentBuildException e) {
        throw new StageRejected(e.getMessage());
      }
      boolean accepted = false;
      try {
        List<ExampleFailure> problems = exercise(env);
        // an example answered with a tool error is fed back once: when the next attempt answers it the same way,
        // the model kept its code on purpose (the example may need a state the initial rows do not have)
        List<ExampleFailure> fresh = problems.stream().filter(p -> !(p.toolError() && told.contains(p.text()))).toList();
        if (!fresh.isEmpty() && !(last && fresh.stream().allMatch(ExampleFailure::toolError))) {
          problems.stream().filter(ExampleFailure::toolError).forEach(p -> told.add(p.text()));
          throw new StageRejected(fresh.stream().map(ExampleFailure::text).toList());
        }
        for (ExampleFailure p : problems) LOG.warn("{}: kept after feedback: {}", d.name(), p.text());
        accepted = true;
        return env;
      } finally {
        if (!accepted) env.releaseSpares(); // its connections are native memory, which no GC sees
      }
    });
  }

  /** A spec example whose call failed; {@code toolError} when the tool refused it on purpose (a {@code ToolError}). */
  record ExampleFailure(String text, boolean toolError) {}

  /**
   * Calls every tool on a fresh state with its spec's example arguments; reports the calls that
   * failed: those the code broke on or refused as bad requests, and those it answered with a tool
   * error (then either the code or the example is wrong), marked {@link ExampleFailure#toolError()}.
   */
  static List<ExampleFailure> exercise(Environment env) {
    List<ExampleFailure> problems = new ArrayList<>();
    try (EnvironmentHandle h = env.newHandle()) {
      for (Endpoint e : env.definition().spec().endpoints()) {
        h.reset();
        Map<String, Object> args = new LinkedHashMap<>();
        e.requestParams().forEach((name, p) -> {
          if (p.example() != null) args.put(name, p.example());
        });
        ToolResult r = h.callTool(e.operationId(), args);
        String call = e.operationId() + " called with the spec's example arguments " + JsonValues.write(args);
        if (r.kind() == ToolResult.Kind.TOOL_FAILURE || r.kind() == ToolResult.Kind.BAD_REQUEST) {
          problems.add(new ExampleFailure(call + " failed: " + r.message(), false));
        } else if (r.kind() == ToolResult.Kind.TOOL_ERROR) {
          problems.add(new ExampleFailure(call + " answered with an error: " + r.message() + " (the examples are meant to work on the"
              + " initial rows: fix the code, unless the example needs a state the initial rows do not have)", true));
        }
      }
    }
    return problems;
  }

  /** The sample rows, for the spec prompt (the initial database is built from the schema and sample data alone). */
  private static String initialRows(EnvironmentDefinition d) {
    Environment env = Environment.of(d.toBuilder().spec(null).toolCode(null).verifiers(List.of()).solutions(List.of()).build());
    try {
      return Render.data(env, 12_000);
    } finally {
      env.releaseSpares();
    }
  }

  private static String sourceLine(String source, int line) {
    String[] lines = source.split("\n", -1);
    return line >= 1 && line <= lines.length ? "\n  line " + line + ": " + lines[line - 1].strip() : "";
  }
}
