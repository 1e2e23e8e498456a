package dev.awm.runtime;

import dev.awm.core.ApiGroup;
import dev.awm.core.ApiSpec;
import dev.awm.core.DatabaseSchema;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.RequestParam;
import dev.awm.core.SampleData;
import dev.awm.core.Scenario;
import dev.awm.core.TableRows;
import dev.awm.core.TableSchema;
import dev.awm.core.ToolCall;
import dev.awm.core.ToolCode;
import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.internal.VerifierUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Defines an environment in code, without any files: tables, rows, tools (each with its input
 * parameters, implemented by host code or by Java source compiled like generated code), and tasks
 * with their verifiers (host code or Java source) and reference solutions. {@link #build()} gives
 * the same {@link Environment} as one loaded from files, and fails if a tool or a verifier does not
 * compile; {@link #definition()} gives its definition, which can be written out in the AWM formats
 * (host tools and host verifiers appear there by their spec and task only). Not thread-safe.
 *
 * <p>Which builder is for what: this one says <em>what</em> an environment is, when it is written in
 * code; {@link Environment.Builder} says <em>how</em> a definition runs (isolation, limits, spare
 * handles, a database file to start from, host code bound to a definition read from files). Use
 * {@link #environment()} to go from this one to that one when you need both.
 *
 * <pre>{@code
 * Environment notes = EnvironmentBuilder.create("Notes", "A shared note list")
 *     .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
 *     .rows("notes", "INSERT INTO notes (body) VALUES ('eggs')")
 *     .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", ParamType.STRING, true, "The text"),
 *         (db, args) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", args.getString("body"))))
 *     .task("Add a note saying eggs", (initial, current, answer) ->
 *         current.query("SELECT id FROM notes WHERE body = 'eggs'").size() == 1 ? Verdict.complete() : Verdict.others("no such note"),
 *         List.of(new ToolCall("add_note", Map.of("body", "eggs"))), "Added.")
 *     .build();
 * }</pre>
 */
public final class EnvironmentBuilder {
  private final Scenario scenario;
  private final List<TableSchema> tables = new ArrayList<>();
  private final Map<String, List<String>> rows = new LinkedHashMap<>();
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final Map<String, HostTool> hostTools = new LinkedHashMap<>();
  private String javaTools;
  private final List<String> tasks = new ArrayList<>();
  private final List<VerifierCode> verifiers = new ArrayList<>();
  private final List<ReferenceSolution> solutions = new ArrayList<>();
  private final Map<Integer, HostVerifier> hostVerifiers = new LinkedHashMap<>();

  private EnvironmentBuilder(Scenario scenario) {
    this.scenario = scenario;
  }

  /**
   * A builder for an environment of scenario {@code name}.
   *
   * @param name the scenario's name, which normalized is the environment's name; not null
   * @param description what the application does; null becomes empty
   * @return a new builder with no tables, tools or tasks
   */
  public static EnvironmentBuilder create(String name, String description) {
    return new EnvironmentBuilder(new Scenario(name, description));
  }

  /**
   * The spec of a tool: its name (operation id), description and parameters.
   *
   * @param name the tool's name (the operation id agents call); not null
   * @param description what the tool does, for the agent; null becomes empty
   * @return a new tool spec with no parameters; add them with {@link ToolSpec#param}
   */
  public static ToolSpec tool(String name, String description) {
    return new ToolSpec(name, description);
  }

  /**
   * A table: its {@code CREATE TABLE} statement and any {@code CREATE INDEX} statements.
   *
   * @param name the table's name
   * @param ddl its {@code CREATE TABLE} statement
   * @param indexes its {@code CREATE INDEX} statements, in order
   * @return this builder
   */
  public EnvironmentBuilder table(String name, String ddl, String... indexes) {
    tables.add(new TableSchema(name, ddl, Arrays.asList(indexes)));
    return this;
  }

  /**
   * Initial rows of {@code table}, one INSERT statement each.
   *
   * @param table the table the rows go into
   * @param inserts {@code INSERT} statements, run in order after those given before for the table
   * @return this builder
   */
  public EnvironmentBuilder rows(String table, String... inserts) {
    rows.computeIfAbsent(table, k -> new ArrayList<>()).addAll(Arrays.asList(inserts));
    return this;
  }

  /**
   * A tool implemented by host code.
   *
   * @param spec the tool's spec
   * @param implementation the host code that runs the tool; not null
   * @return this builder
   */
  public EnvironmentBuilder tool(ToolSpec spec, HostTool implementation) {
    endpoints.add(spec.endpoint());
    hostTools.put(spec.name, Objects.requireNonNull(implementation, "implementation"));
    return this;
  }

  /**
   * A tool implemented in the Java source given to {@link #javaTools(String)} (a method named after it).
   *
   * @param spec the tool's spec
   * @return this builder
   */
  public EnvironmentBuilder tool(ToolSpec spec) {
    endpoints.add(spec.endpoint());
    return this;
  }

  /**
   * The Java tool code (the contract of generated tool code) for the tools declared without host code.
   *
   * @param source a Java compilation unit with one method per such tool
   * @return this builder
   */
  public EnvironmentBuilder javaTools(String source) {
    this.javaTools = source;
    return this;
  }

  /**
   * A task with its code-mode verifier (Java source, the verifier contract) and, optionally, its
   * reference solution.
   *
   * @param text the task as the user states it; its index is the number of tasks given before
   * @param verifierSource the verifier's Java source, or null for no verifier
   * @param solution the reference solution's tool calls, or null for none
   * @param finalAnswer the reference solution's final answer (used only with a solution)
   * @return this builder
   */
  public EnvironmentBuilder task(String text, String verifierSource, List<ToolCall> solution, String finalAnswer) {
    int index = tasks.size();
    tasks.add(text);
    if (verifierSource != null) verifiers.add(new VerifierCode(index, text, VerifierMode.CODE, ToolCode.JAVA, verifierSource));
    if (solution != null) solutions.add(new ReferenceSolution(index, solution, finalAnswer));
    return this;
  }

  /**
   * A task without a verifier (its rewards are verifier errors until one is given), with its reference
   * solution if any.
   *
   * @param text the task as the user states it
   * @param solution the reference solution's tool calls, or null for none
   * @param finalAnswer the reference solution's final answer (used only with a solution)
   * @return this builder
   */
  public EnvironmentBuilder task(String text, List<ToolCall> solution, String finalAnswer) {
    return task(text, (String) null, solution, finalAnswer);
  }

  /**
   * A task with a verifier written as host code (see {@link HostVerifier}) and, optionally, its
   * reference solution.
   *
   * @param text the task as the user states it
   * @param verifier the host verifier; not null
   * @param solution the reference solution's tool calls, or null for none
   * @param finalAnswer the reference solution's final answer (used only with a solution)
   * @return this builder
   */
  public EnvironmentBuilder task(String text, HostVerifier verifier, List<ToolCall> solution, String finalAnswer) {
    hostVerifiers.put(tasks.size(), Objects.requireNonNull(verifier, "verifier"));
    return task(text, (String) null, solution, finalAnswer);
  }

  /**
   * The definition (host tools appear by their spec only, host verifiers not at all).
   *
   * @return the definition of everything given so far
   */
  public EnvironmentDefinition definition() {
    List<TableRows> sample = new ArrayList<>();
    rows.forEach((t, r) -> sample.add(new TableRows(t, "", r)));
    return EnvironmentDefinition.builder(scenario).tasks(tasks).schema(new DatabaseSchema(tables)).sampleData(new SampleData(sample))
        .spec(new ApiSpec(List.of(new ApiGroup(scenario.name(), endpoints))))
        .toolCode(javaTools == null ? null : ToolCode.java(javaTools)).verifiers(verifiers).solutions(solutions).build();
  }

  /**
   * An {@link Environment.Builder} for the definition with the host tools bound, to set more options.
   *
   * @return a new environment builder with strict sample data, the host tools and the host verifiers set
   */
  public Environment.Builder environment() {
    Environment.Builder b = Environment.builder(definition()).strictSampleData(true);
    hostTools.forEach(b::hostTool);
    hostVerifiers.forEach(b::hostVerifier);
    return b;
  }

  /**
   * Builds the environment (sample data strict: a failing row is an error) and compiles every
   * verifier given as source, so that one that does not compile fails here, not at a later reward.
   * The environment keeps what was compiled: awm-verify's {@code TaskVerifiers} takes it instead of
   * compiling the verifiers again.
   *
   * @return the environment
   * @throws EnvironmentBuildException naming the cause; a {@link CodeCompileException} (with line and
   *     column, and the task) for a tool or verifier that does not compile
   */
  public Environment build() {
    Environment env = environment().build();
    Map<VerifierCode, VerifierUnit> units = new LinkedHashMap<>();
    for (VerifierCode v : verifiers) units.put(v, VerifierUnit.compileCodeMode(env.name(), v, env.limits()));
    env.keepVerifierUnits(units);
    return env;
  }

  /** The spec of one tool; build it with {@link EnvironmentBuilder#tool(String, String)}. */
  public static final class ToolSpec {
    private final String name;
    private final String description;
    private final Map<String, RequestParam> params = new LinkedHashMap<>();

    private ToolSpec(String name, String description) {
      this.name = Objects.requireNonNull(name, "name");
      this.description = description == null ? "" : description;
    }

    /**
     * A parameter: its name, JSON type, whether it is required, and what it means.
     *
     * @param name the parameter's name, unique within the tool; not null
     * @param type its JSON type; not null
     * @param required whether every call must give it
     * @param description what it means, for the agent
     * @return this spec
     * @throws IllegalArgumentException if the tool already has a parameter of that name
     */
    public ToolSpec param(String name, ParamType type, boolean required, String description) {
      return param(name, type, required, description, null);
    }

    /**
     * A parameter with an example value (shown to agents, and used by the pipeline's checks).
     *
     * @param name the parameter's name, unique within the tool; not null
     * @param type its JSON type; not null
     * @param required whether every call must give it
     * @param description what it means, for the agent
     * @param example an example value as a plain JSON value, or null
     * @return this spec
     * @throws IllegalArgumentException if the tool already has a parameter of that name
     */
    public ToolSpec param(String name, ParamType type, boolean required, String description, Object example) {
      Objects.requireNonNull(name, "name");
      if (params.containsKey(name)) throw new IllegalArgumentException("tool '" + this.name + "' already has a parameter '" + name + "'");
      params.put(name, new RequestParam(Objects.requireNonNull(type, "type").specName(), "body", required, description, example));
      return this;
    }

    Endpoint endpoint() {
      return new Endpoint("/" + name, "POST", description, "", name, List.of(), params, null, List.of(), Map.of());
    }
  }
}
