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

  /** The key of a per-task row of {@code file} in {@link #sourceRows()}. */
  public static String taskRowKey(String file, int taskIndex) {
    return file + "#" + taskIndex;
  }

  /**
   * The simulated now of the environment: the scenario's ({@link Scenario#simulatedNow()}), else
   * {@link SimulatedTime#DEFAULT}.
   */
  public LocalDateTime simulatedNow() {
    return scenario.simulatedNow().orElse(SimulatedTime.DEFAULT);
  }

  /** The challenges of task {@code taskIndex}, in order. */
  public List<Challenge> challenges(int taskIndex) {
    List<Challenge> out = new ArrayList<>();
    for (Challenge c : challenges) if (c.taskIndex() == taskIndex) out.add(c);
    return out;
  }

  /** The normalized scenario name: the environment's identity. */
  public String name() {
    return scenario.key();
  }

  /** The verifier of task {@code taskIndex}, if there is one. */
  public Optional<VerifierCode> verifier(int taskIndex) {
    for (VerifierCode v : verifiers) if (v.taskIndex() == taskIndex) return Optional.of(v);
    return Optional.empty();
  }

  /** The reference solution of task {@code taskIndex}, if there is one. */
  public Optional<ReferenceSolution> solution(int taskIndex) {
    for (ReferenceSolution s : solutions) if (s.taskIndex() == taskIndex) return Optional.of(s);
    return Optional.empty();
  }

  /** A builder starting from this definition. */
  public Builder toBuilder() {
    return new Builder(scenario).tasks(tasks).schema(schema).sampleData(sampleData).spec(spec)
        .toolCode(toolCode).verifiers(verifiers).solutions(solutions).challenges(challenges).sourceRows(sourceRows);
  }

  /** A builder for a definition of {@code scenario}. */
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

    public Builder scenario(Scenario s) { this.scenario = Objects.requireNonNull(s); return this; }
    public Builder tasks(List<String> t) { this.tasks = t; return this; }
    public Builder schema(DatabaseSchema s) { this.schema = s; return this; }
    public Builder sampleData(SampleData s) { this.sampleData = s; return this; }
    public Builder spec(ApiSpec s) { this.spec = s; return this; }
    public Builder toolCode(ToolCode c) { this.toolCode = c; return this; }
    public Builder verifiers(List<VerifierCode> v) { this.verifiers = new ArrayList<>(v); return this; }
    public Builder solutions(List<ReferenceSolution> s) { this.solutions = new ArrayList<>(s); return this; }
    public Builder challenges(List<Challenge> c) { this.challenges = new ArrayList<>(c); return this; }
    /** The row {@code key} (a file name, or {@link #taskRowKey}) was read from, as plain JSON values. */
    public Builder sourceRow(String key, Map<String, Object> row) { this.sourceRows.put(key, row); return this; }
    /** Replaces the source rows (see {@link EnvironmentDefinition#sourceRows()}). */
    public Builder sourceRows(Map<String, Map<String, Object>> rows) {
      this.sourceRows.clear();
      this.sourceRows.putAll(rows);
      return this;
    }

    /** The definition; the builder may be used again. */
    public EnvironmentDefinition build() {
      return new EnvironmentDefinition(scenario, tasks, schema, sampleData, spec, toolCode, verifiers, solutions, challenges, sourceRows);
    }
  }
}
