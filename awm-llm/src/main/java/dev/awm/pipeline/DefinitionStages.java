package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.SampleData;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.SkippedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Stages 2 to 4: tasks, schema and sample data, each executed and checked before it is kept. */
final class DefinitionStages {
  private static final Pattern AUTH = Pattern.compile(
      "(?i)\\b(login|logout|log out|log ?in ?to|sign ?up|sign ?in|password|register an account|create an account)\\b");

  private DefinitionStages() {}

  static StageContext.Attempted<List<String>> tasks(StageContext ctx, EnvironmentDefinition d) {
    int n = ctx.options.tasksPerScenario();
    String user = Prompts.render("tasks.user.md", Map.of("scenario_name", d.scenario().name(),
        "scenario_description", d.scenario().description(), "count", Integer.toString(n), "now", Render.now(d)));
    return ctx.attempt(Stage.TASKS, d.name(), null, Prompts.load("tasks.system.md"), user, (reply, last) -> {
      JsonNode tasks = ModelJson.object(reply).path("tasks");
      List<String> out = new ArrayList<>();
      List<String> problems = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (JsonNode t : tasks) {
        String text = t.isString() ? t.asString().strip() : "";
        if (text.isEmpty()) problems.add("task " + (out.size() + 1) + " is empty or not a string");
        else if (AUTH.matcher(text).find()) problems.add("task '" + text + "' is about authentication; the user is already signed in");
        else if (!seen.add(text.toLowerCase(Locale.ROOT))) problems.add("task '" + text + "' appears twice");
        else out.add(text);
      }
      if (out.size() < n) problems.add("expected " + n + " usable tasks in \"tasks\", got " + out.size());
      if (!problems.isEmpty()) throw new StageRejected(problems);
      return List.copyOf(out.subList(0, n));
    });
  }

  static StageContext.Attempted<DatabaseSchema> schema(StageContext ctx, EnvironmentDefinition d) {
    String user = Prompts.render("schema.user.md", Map.of("scenario_name", d.scenario().name(),
        "scenario_description", d.scenario().description(), "tasks", Render.tasks(d.tasks())));
    return ctx.attempt(Stage.SCHEMA, d.name(), null, Prompts.load("schema.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      DatabaseSchema schema = AwmRows.schema(JsonValues.MAPPER.createObjectNode().set("db_schema", root));
      List<String> problems = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (TableSchema t : schema.tables()) {
        if (t.name().isBlank() || t.ddl().isBlank()) problems.add("every table needs a \"name\" and a \"ddl\"");
        else if (!names.add(t.name().toLowerCase(Locale.ROOT))) problems.add("table " + t.name() + " is defined twice");
      }
      if (schema.tables().isEmpty()) problems.add("no tables in \"tables\"");
      if (!problems.isEmpty()) throw new StageRejected(problems);
      try {
        Environment.of(d.toBuilder().schema(schema).sampleData(null).spec(null).toolCode(null).build());
      } catch (EnvironmentBuildException e) {
        throw new StageRejected(e.getMessage());
      }
      return schema;
    });
  }

  static StageContext.Attempted<SampleData> sample(StageContext ctx, EnvironmentDefinition d) {
    String user = Prompts.render("sample.user.md", Map.of("scenario_name", d.scenario().name(),
        "tasks", Render.tasks(d.tasks()), "schema", Render.schema(d), "now", Render.now(d)));
    return ctx.attempt(Stage.SAMPLE, d.name(), null, Prompts.load("sample.system.md"), user, (reply, last) -> {
      JsonNode root = ModelJson.object(reply);
      SampleData data = AwmRows.sampleData(JsonValues.MAPPER.createObjectNode().set("sample_data", root));
      if (data.statements().isEmpty()) throw new StageRejected("no insert statements in \"tables\"");
      Environment env;
      try {
        env = Environment.of(d.toBuilder().sampleData(data).spec(null).toolCode(null).build());
      } catch (EnvironmentBuildException e) {
        throw new StageRejected(e.getMessage());
      }
      List<String> problems = new ArrayList<>();
      for (SkippedStatement s : env.skippedStatements()) problems.add("insert failed: " + s.error() + " in: " + s.sql());
      String userCheck = signedInUserProblem(env);
      if (userCheck != null) problems.add(userCheck);
      int failed = env.skippedStatements().size();
      double ratio = failed / (double) data.statements().size();
      boolean tolerable = userCheck == null && ratio <= ctx.options.maxFailedInsertRatio();
      if (!problems.isEmpty() && !(last && tolerable)) throw new StageRejected(problems);
      return failed == 0 ? data : withoutFailures(data, env.skippedStatements());
    });
  }

  /** A {@code users} table must hold user 1, the signed-in user. */
  private static String signedInUserProblem(Environment env) {
    boolean hasUsers = env.definition().schema().tables().stream().anyMatch(t -> t.name().equalsIgnoreCase("users"));
    if (!hasUsers) return null;
    try (DatabaseView db = env.openInitialDatabase()) {
      Object n = db.scalar("SELECT COUNT(*) FROM users WHERE id = 1");
      return n instanceof Number && ((Number) n).longValue() == 1 ? null : "the users table has no row with id 1 (the signed-in user)";
    } catch (RuntimeException e) {
      return "cannot look up user 1: " + e.getMessage();
    }
  }

  private static SampleData withoutFailures(SampleData data, List<SkippedStatement> skipped) {
    Set<String> bad = new HashSet<>();
    for (SkippedStatement s : skipped) bad.add(s.sql());
    List<TableRows> out = new ArrayList<>();
    for (TableRows t : data.tables()) {
      out.add(new TableRows(t.tableName(), t.reasoning(), t.insertStatements().stream().filter(s -> !bad.contains(s)).toList()));
    }
    return new SampleData(out);
  }
}
