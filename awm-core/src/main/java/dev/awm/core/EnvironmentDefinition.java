package dev.awm.core;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that defines one environment: a scenario with its tasks, database schema, sample
 * data, API spec, tool code, verifiers and reference solutions. It is the join, by normalized
 * scenario name, of one row from each AWM file. Immutable; build one with {@link #builder}.
 *
 * @param scenario the scenario
 * @param tasks the user tasks, in order (their indexes are the task indexes)
 * @param schema the SQLite schema
 * @param sampleData the initial rows
 * @param spec the API spec (its operation ids name the tools)
 * @param toolCode the tool implementations, or null when not generated yet
 * @param verifiers one per verified task, in task order
 * @param solutions reference solutions, one per solved task, in task order
 * @param challenges the episodes that cross-examine the verifiers (alternatives, near misses, false
 *     claims), in task order
 * @param sourceRows the rows this definition was read from, as plain JSON values, by file name
 *     ({@code gen_db.jsonl}) or, for verifier rows, file name and task ({@code gen_verifier.jsonl#3}):
 *     writers start from them, so that fields this project does not model (the reference's
 *     {@code db_path}, a verifier's {@code raw_response}, a classifier's features...) are kept. They
 *     are provenance, not content: {@link #equals} and {@link #hashCode} leave them out, so a
 *     definition read from files equals the same definition built in code
 */
public record EnvironmentDefinition(
    Scenario scenario,
    List<String> tasks,
    DatabaseSchema schema,
    SampleData sampleData,
    ApiSpec spec,
    ToolCode toolCode,
    List<VerifierCode> verifiers,
    List<ReferenceSolution> solutions,
    List<Challenge> challenges,
    Map<String, Map<String, Object>> sourceRows) {

  /**
   * Checks and normalizes the components; lists and maps are copied and made unmodifiable.
   *
   * @param scenario the scenario; not null
   * @param tasks the tasks; null means none
   * @param schema the schema; null means no tables
   * @param sampleData the initial rows; null means none
   * @param spec the API spec; null means no endpoints
   * @param toolCode the tool code, or null when not generated yet
   * @param verifiers the verifiers; null means none
   * @param solutions the reference solutions; null means none
   * @param challenges the challenges; null means none
   * @param sourceRows the source rows; null means none
   * @throws NullPointerException if {@code scenario} is null
   */
  public EnvironmentDefinition {
    Objects.requireNonNull(scenario, "scenario");
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    schema = schema == null ? new DatabaseSchema(List.of()) : schema;
    sampleData = sampleData == null ? new SampleData(List.of()) : sampleData;
    spec = spec == null ? new ApiSpec(List.of()) : spec;
    verifiers = verifiers == null ? List.of() : List.copyOf(verifiers);
    solutions = solutions == null ? List.of() : List.copyOf(solutions);
    challenges = challenges == null ? List.of() : List.copyOf(challenges);
    sourceRows = sourceRows == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sourceRows));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvironmentDefinition d && scenario.equals(d.scenario) && tasks.equals(d.tasks) && schema.equals(d.schema)
        && sampleData.equals(d.sampleData) && spec.equals(d.spec) && Objects.equals(toolCode, d.toolCode)
        && verifiers.equals(d.verifiers) && solutions.equals(d.solutions) && challenges.equals(d.challenges);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scenario, tasks, schema, sampleData, spec, toolCode, verifiers, solutions, challenges);
  }

  /**
   * Names a per-task source row, such as a verifier's.
   *
   * @param file the AWM file the row was read from (for example {@link AwmDirectory#VERIFIERS})
   * @param taskIndex the task's index
   * @return the key of that row in {@link #sourceRows()}: {@code file#taskIndex}
   */
  public static String taskRowKey(String file, int taskIndex) {
    return file + "#" + taskIndex;
  }

  /**
   * The simulated now of the environment: the scenario's ({@link Scenario#simulatedNow()}), else
   * {@link SimulatedTime#DEFAULT}.
   *
   * @return the moment (UTC, whole seconds) the environment's world stands still at
   * @throws IllegalArgumentException if the scenario stores a value that is not a date and time
   */
  public LocalDateTime simulatedNow() {
    return scenario.simulatedNow().orElse(SimulatedTime.DEFAULT);
  }

  /**
   * Selects the challenges of one task.
   *
   * @param taskIndex the task's index
   * @return the challenges of that task, in order; empty if it has none
   */
  public List<Challenge> challenges(int taskIndex) {
    List<Challenge> out = new ArrayList<>();
    for (Challenge c : challenges) if (c.taskIndex() == taskIndex) out.add(c);
    return out;
  }

  /** {@return the normalized scenario name (see {@link Scenario#key()}): the environment's identity} */
  public String name() {
    return scenario.key();
  }

  /**
   * Finds the verifier of one task.
   *
   * @param taskIndex the task's index
   * @return the task's verifier, or empty if the task has none
   */
  public Optional<VerifierCode> verifier(int taskIndex) {
    for (VerifierCode v : verifiers) if (v.taskIndex() == taskIndex) return Optional.of(v);
    return Optional.empty();
  }

  /**
   * Finds the reference solution of one task.
   *
   * @param taskIndex the task's index
   * @return the task's reference solution, or empty if the task has none
   */
  public Optional<ReferenceSolution> solution(int taskIndex) {
    for (ReferenceSolution s : solutions) if (s.taskIndex() == taskIndex) return Optional.of(s);
    return Optional.empty();
  }

  /** {@return a new builder holding every part of this definition, source rows included} */
  public Builder toBuilder() {
    return new Builder(scenario).tasks(tasks).schema(schema).sampleData(sampleData).spec(spec)
        .toolCode(toolCode).verifiers(verifiers).solutions(solutions).challenges(challenges).sourceRows(sourceRows);
  }

  /**
   * Starts a definition that has only a scenario; every other part is empty until set.
   *
   * @param scenario the scenario; not null
   * @return a new builder
   * @throws NullPointerException if {@code scenario} is null
   */
  public static Builder builder(Scenario scenario) {
    return new Builder(scenario);
  }

  /** Builds an {@link EnvironmentDefinition}; not thread-safe. */
  public static final class Builder {
    private Scenario scenario;
    private List<String> tasks = List.of();
    private DatabaseSchema schema;
    private SampleData sampleData;
    private ApiSpec spec;
    private ToolCode toolCode;
    private List<VerifierCode> verifiers = new ArrayList<>();
    private List<ReferenceSolution> solutions = new ArrayList<>();
    private List<Challenge> challenges = new ArrayList<>();
    private final Map<String, Map<String, Object>> sourceRows = new java.util.LinkedHashMap<>();

    private Builder(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * Sets the scenario.
     *
     * @param s the scenario; not null
     * @return this builder
     * @throws NullPointerException if {@code s} is null
     */
    public Builder scenario(Scenario s) { this.scenario = Objects.requireNonNull(s); return this; }
    /**
     * Sets the user tasks.
     *
     * @param t the task texts in order (index = task index); null means none
     * @return this builder
     */
    public Builder tasks(List<String> t) { this.tasks = t; return this; }
    /**
     * Sets the database schema.
     *
     * @param s the schema; null means no tables
     * @return this builder
     */
    public Builder schema(DatabaseSchema s) { this.schema = s; return this; }
    /**
     * Sets the initial rows of the database.
     *
     * @param s the sample data; null means none
     * @return this builder
     */
    public Builder sampleData(SampleData s) { this.sampleData = s; return this; }
    /**
     * Sets the API spec, whose endpoints name the tools.
     *
     * @param s the spec; null means no endpoints
     * @return this builder
     */
    public Builder spec(ApiSpec s) { this.spec = s; return this; }
    /**
     * Sets the tool code.
     *
     * @param c the code, or null when it is not generated yet
     * @return this builder
     */
    public Builder toolCode(ToolCode c) { this.toolCode = c; return this; }
    /**
     * Replaces the verifiers.
     *
     * @param v the verifiers, one per verified task; not null (copied)
     * @return this builder
     */
    public Builder verifiers(List<VerifierCode> v) { this.verifiers = new ArrayList<>(v); return this; }
    /**
     * Replaces the reference solutions.
     *
     * @param s the solutions, one per solved task; not null (copied)
     * @return this builder
     */
    public Builder solutions(List<ReferenceSolution> s) { this.solutions = new ArrayList<>(s); return this; }
    /**
     * Replaces the challenges.
     *
     * @param c the challenges; not null (copied)
     * @return this builder
     */
    public Builder challenges(List<Challenge> c) { this.challenges = new ArrayList<>(c); return this; }
    /**
     * Records a row the definition was read from, replacing any row under the same key.
     *
     * @param key a file name, or {@link #taskRowKey} of a file and task for a per-task row
     * @param row the row as plain JSON values
     * @return this builder
     */
    public Builder sourceRow(String key, Map<String, Object> row) { this.sourceRows.put(key, row); return this; }
    /**
     * Replaces the source rows (see {@link EnvironmentDefinition#sourceRows()}).
     *
     * @param rows the rows by key; not null
     * @return this builder
     */
    public Builder sourceRows(Map<String, Map<String, Object>> rows) {
      this.sourceRows.clear();
      this.sourceRows.putAll(rows);
      return this;
    }

    /** {@return the definition built from the parts set so far; the builder may be used again} */
    public EnvironmentDefinition build() {
      return new EnvironmentDefinition(scenario, tasks, schema, sampleData, spec, toolCode, verifiers, solutions, challenges, sourceRows);
    }
  }
}
