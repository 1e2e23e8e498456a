package dev.awm.core.internal;

import dev.awm.core.*;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between the rows of the AWM files and the definition types. Reading is lenient: missing
 * optional fields take defaults and unknown fields are ignored (scenario rows keep theirs as
 * attributes). Writing produces the reference implementation's field names.
 */
public final class AwmRows {
  private AwmRows() {}

  // ---- reading -------------------------------------------------------------------------------

  /** The raw scenario name of any row ({@code scenario}, or {@code name} for scenario rows). */
  public static String scenarioOf(JsonNode row) {
    String s = text(row, "scenario");
    if (s.isEmpty()) s = text(row, "name");
    if (s.isEmpty()) throw new IllegalArgumentException("row has neither 'scenario' nor 'name'");
    return s;
  }

  /** A {@code gen_scenario.jsonl} row (its simulated now, when it has one, must read as a date and time). */
  public static Scenario scenario(JsonNode row) {
    if (row.hasNonNull(SimulatedTime.FIELD)) SimulatedTime.parse(row.get(SimulatedTime.FIELD).asString());
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : row.properties()) {
      if (!e.getKey().equals("name") && !e.getKey().equals("description")) {
        attributes.put(e.getKey(), JsonValues.fromNode(e.getValue()));
      }
    }
    return new Scenario(scenarioOf(row), text(row, "description"), attributes);
  }

  /** The task list of a {@code gen_tasks.jsonl} row. */
  public static List<String> tasks(JsonNode row) {
    return strings(row.get("tasks"));
  }

  /** The schema of a {@code gen_db.jsonl} row. */
  public static DatabaseSchema schema(JsonNode row) {
    List<TableSchema> tables = new ArrayList<>();
    for (JsonNode t : row.path("db_schema").path("tables")) {
      tables.add(new TableSchema(text(t, "name"), text(t, "ddl"), strings(t.get("indexes"))));
    }
    return new DatabaseSchema(tables);
  }

  /** The sample data of a {@code gen_sample.jsonl} row. */
  public static SampleData sampleData(JsonNode row) {
    List<TableRows> tables = new ArrayList<>();
    for (JsonNode t : row.path("sample_data").path("tables")) {
      tables.add(new TableRows(text(t, "table_name"), text(t, "reasoning"), strings(t.get("insert_statements"))));
    }
    return new SampleData(tables);
  }

  /** The API spec of a {@code gen_spec.jsonl} row. */
  public static ApiSpec spec(JsonNode row) {
    List<ApiGroup> groups = new ArrayList<>();
    for (JsonNode g : row.path("api_spec").path("api_groups")) {
      List<Endpoint> endpoints = new ArrayList<>();
      for (JsonNode e : g.path("endpoints")) endpoints.add(endpoint(e));
      groups.add(new ApiGroup(text(g, "group_name"), endpoints));
    }
    return new ApiSpec(groups);
  }

  private static Endpoint endpoint(JsonNode e) {
    Map<String, RequestParam> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> p : e.path("request_params").properties()) {
      JsonNode v = p.getValue();
      params.put(p.getKey(), new RequestParam(text(v, "type"), text(v, "param_type"),
          v.path("required").asBoolean(false), text(v, "description"), JsonValues.fromNode(v.get("example"))));
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : e.path("required_fields").properties()) {
      fields.put(f.getKey(), strings(f.getValue()));
    }
    return new Endpoint(text(e, "path"), text(e, "method"), text(e, "summary"), text(e, "description"),
        text(e, "operation_id"), strings(e.get("tags")), params, JsonValues.fromNode(e.get("response")),
        strings(e.get("required_tables")), fields);
  }

  /** The tool code of a {@code gen_envs.jsonl} row. */
  public static ToolCode toolCode(JsonNode row) {
    return new ToolCode(text(row, "language"), text(row, "full_code"));
  }

  /** A {@code gen_verifier.jsonl} row. */
  public static VerifierCode verifier(JsonNode row) {
    JsonNode v = row.path("verification");
    String code = text(v, "code");
    String mode = text(row, "mode");
    if (mode.isEmpty()) mode = text(v, "mode");
    if (mode.isEmpty()) mode = code.contains("def verify_task_completion") ? "code" : code.contains("def verify_task") ? "sql" : "code";
    String language = text(row, "language");
    if (language.isEmpty()) language = text(v, "language");
    return new VerifierCode(row.path("task_idx").asInt(0), text(row, "task"), VerifierMode.parse(mode), language, code);
  }

  /** A {@code gen_solutions.jsonl} row (this project's own file). */
  public static ReferenceSolution solution(JsonNode row) {
    return new ReferenceSolution(row.path("task_idx").asInt(0), calls(row.path("calls")), text(row, "final_answer"));
  }

  /** A {@code gen_challenges.jsonl} row (this project's own file). */
  public static Challenge challenge(JsonNode row) {
    return new Challenge(row.path("task_idx").asInt(0), Challenge.Kind.parse(text(row, "kind")), calls(row.path("calls")),
        text(row, "final_answer"), text(row, "why"));
  }

  /** The tool calls of a JSON array of call objects. */
  public static List<ToolCall> calls(JsonNode array) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode c : array) calls.add(toolCall(c));
    return calls;
  }

  /** A tool call object {@code {"name": ..., "arguments": {...}}}. */
  @SuppressWarnings("unchecked")
  public static ToolCall toolCall(JsonNode c) {
    Object args = JsonValues.fromNode(c.get("arguments"));
    if (args != null && !(args instanceof Map)) throw new IllegalArgumentException("tool call arguments must be an object: " + c);
    return new ToolCall(text(c, "name"), (Map<String, Object>) args);
  }

  // ---- writing -------------------------------------------------------------------------------

  public static ObjectNode scenarioRow(Scenario s) {
    ObjectNode row = obj();
    row.put("name", s.name());
    row.put("description", s.description());
    s.attributes().forEach((k, v) -> row.set(k, JsonValues.toNode(v)));
    return row;
  }

  public static ObjectNode tasksRow(EnvironmentDefinition d) {
    ObjectNode row = head(d);
    ArrayNode tasks = row.putArray("tasks");
    d.tasks().forEach(tasks::add);
    return over(d, AwmDirectory.TASKS, row);
  }

  public static ObjectNode dbRow(EnvironmentDefinition d) {
    ObjectNode row = head(d);
    ArrayNode tables = row.putObject("db_schema").putArray("tables");
    for (TableSchema t : d.schema().tables()) {
      ObjectNode n = tables.addObject().put("name", t.name()).put("ddl", t.ddl());
      t.indexes().forEach(n.putArray("indexes")::add);
    }
    return over(d, AwmDirectory.DB, row);
  }

  public static ObjectNode sampleRow(EnvironmentDefinition d) {
    ObjectNode row = head(d);
    row.put("tables_count", d.sampleData().tables().size());
    row.put("inserts_count", d.sampleData().statements().size());
    ArrayNode tables = row.putObject("sample_data").putArray("tables");
    for (TableRows t : d.sampleData().tables()) {
      ObjectNode n = tables.addObject().put("table_name", t.tableName()).put("reasoning", t.reasoning());
      t.insertStatements().forEach(n.putArray("insert_statements")::add);
    }
    return over(d, AwmDirectory.SAMPLE, row);
  }

  public static ObjectNode specRow(EnvironmentDefinition d) {
    ObjectNode row = head(d);
    ArrayNode groups = row.putObject("api_spec").putArray("api_groups");
    for (ApiGroup g : d.spec().groups()) {
      ObjectNode gn = groups.addObject().put("group_name", g.groupName());
      ArrayNode eps = gn.putArray("endpoints");
      for (Endpoint e : g.endpoints()) eps.add(endpointNode(e));
    }
    return over(d, AwmDirectory.SPEC, row);
  }

  private static ObjectNode endpointNode(Endpoint e) {
    ObjectNode n = obj().put("path", e.path()).put("method", e.method()).put("summary", e.summary())
        .put("description", e.description()).put("operation_id", e.operationId());
    e.tags().forEach(n.putArray("tags")::add);
    ObjectNode params = n.putObject("request_params");
    e.requestParams().forEach((name, p) -> {
      ObjectNode pn = params.putObject(name).put("type", p.type()).put("param_type", p.paramType())
          .put("required", p.required()).put("description", p.description());
      pn.set("example", JsonValues.toNode(p.example()));
    });
    n.set("response", JsonValues.toNode(e.response()));
    e.requiredTables().forEach(n.putArray("required_tables")::add);
    ObjectNode fields = n.putObject("required_fields");
    e.requiredFields().forEach((t, fs) -> fs.forEach(fields.putArray(t)::add));
    return n;
  }

  public static ObjectNode envRow(EnvironmentDefinition d) {
    ObjectNode row = head(d);
    row.put("language", d.toolCode().language());
    row.put("full_code", d.toolCode().source());
    ObjectNode merged = over(d, AwmDirectory.ENVS, row);
    // a field the row was read without stays out when reading gives the same without it
    dropIfInferred(merged, d, AwmDirectory.ENVS, "language", r -> toolCode(r).equals(d.toolCode()));
    return merged;
  }

  /** The {@code gen_verifier.jsonl} row of {@code v}. */
  public static ObjectNode verifierRow(EnvironmentDefinition d, VerifierCode v) {
    return verifierRow(d, v, AwmDirectory.VERIFIERS);
  }

  /**
   * The row of {@code v} in {@code file} ({@code gen_verifier.jsonl} or the reference's
   * {@code gen_verifier.pure_code.jsonl}), over the row it was read from there.
   */
  public static ObjectNode verifierRow(EnvironmentDefinition d, VerifierCode v, String file) {
    ObjectNode row = head(d);
    row.put("task_idx", v.taskIndex());
    row.put("task", v.task());
    row.put("mode", v.mode().fileName());
    row.put("language", v.language());
    row.putObject("verification").put("code", v.code());
    String key = EnvironmentDefinition.taskRowKey(file, v.taskIndex());
    Map<String, Object> source = d.sourceRows().get(key);
    if (source != null && source.get("verification") instanceof Map<?, ?> was && !v.code().equals(was.get("code"))) {
      // the model's answer that came with the old code does not describe this code
      Map<String, Object> copy = new LinkedHashMap<>(source);
      Map<String, Object> verification = new LinkedHashMap<>();
      was.forEach((k, val) -> verification.put((String) k, val));
      verification.remove("raw_response");
      copy.put("verification", verification);
      d = d.toBuilder().sourceRow(key, copy).build();
    }
    ObjectNode merged = over(d, key, row);
    for (String field : List.of("mode", "language")) dropIfInferred(merged, d, key, field, r -> verifier(r).equals(v));
    return merged;
  }

  public static ObjectNode solutionRow(EnvironmentDefinition d, ReferenceSolution s) {
    ObjectNode row = head(d);
    row.put("task_idx", s.taskIndex());
    row.put("task", s.taskIndex() < d.tasks().size() ? d.tasks().get(s.taskIndex()) : "");
    ArrayNode calls = row.putArray("calls");
    for (ToolCall c : s.calls()) calls.add(toolCallNode(c));
    row.put("final_answer", s.finalAnswer());
    return row;
  }

  public static ObjectNode challengeRow(EnvironmentDefinition d, Challenge c) {
    ObjectNode row = head(d);
    row.put("task_idx", c.taskIndex());
    row.put("task", c.taskIndex() < d.tasks().size() ? d.tasks().get(c.taskIndex()) : "");
    row.put("kind", c.kind().fileName());
    ArrayNode calls = row.putArray("calls");
    for (ToolCall call : c.calls()) calls.add(toolCallNode(call));
    row.put("final_answer", c.finalAnswer());
    row.put("why", c.why());
    return row;
  }

  /** {@code {"name": ..., "arguments": {...}}}. */
  public static ObjectNode toolCallNode(ToolCall c) {
    ObjectNode n = obj().put("name", c.name());
    n.set("arguments", JsonValues.toNode(c.arguments()));
    return n;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * {@code ours} laid over a copy of the row {@code d} was read from under {@code key} (none: {@code
   * ours}): objects merge field by field, arrays of the same length element by element, anything
   * else is ours; fields only the source row has stay, in its order.
   */
  private static ObjectNode over(EnvironmentDefinition d, String key, ObjectNode ours) {
    Map<String, Object> source = d.sourceRows().get(key);
    if (source == null) return ours;
    ObjectNode base = (ObjectNode) JsonValues.toNode(source);
    merge(base, ours);
    return base;
  }

  private static void merge(ObjectNode base, ObjectNode ours) {
    for (Map.Entry<String, JsonNode> e : ours.properties()) {
      JsonNode b = base.get(e.getKey());
      JsonNode o = e.getValue();
      if (b instanceof ObjectNode bo && o instanceof ObjectNode oo) {
        merge(bo, oo);
      } else if (b instanceof ArrayNode ba && o instanceof ArrayNode oa && ba.size() == oa.size()) {
        for (int i = 0; i < oa.size(); i++) {
          if (ba.get(i) instanceof ObjectNode bi && oa.get(i) instanceof ObjectNode oi) merge(bi, oi);
          else ba.set(i, oa.get(i));
        }
      } else {
        base.set(e.getKey(), o);
      }
    }
  }

  /** Removes {@code field} from {@code row} when the source row lacked it and {@code same} still holds without it. */
  private static void dropIfInferred(ObjectNode row, EnvironmentDefinition d, String key, String field,
      java.util.function.Predicate<JsonNode> same) {
    Map<String, Object> source = d.sourceRows().get(key);
    if (source == null || source.containsKey(field) || !row.has(field)) return;
    JsonNode kept = row.remove(field);
    if (!same.test(row)) row.set(field, kept);
  }

  private static ObjectNode head(EnvironmentDefinition d) {
    return obj().put("scenario", d.scenario().name());
  }

  private static ObjectNode obj() {
    return JsonValues.MAPPER.createObjectNode();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull() || v.isMissingNode()) return "";
    return v.isValueNode() ? v.asString() : v.toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array == null || !array.isArray()) return out;
    for (JsonNode n : array) out.add(n.isValueNode() ? n.asString() : n.toString());
    return out;
  }
}
