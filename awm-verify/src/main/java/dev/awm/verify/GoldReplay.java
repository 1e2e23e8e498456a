package dev.awm.verify;

import dev.awm.core.ReferenceSolution;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.api.Db;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A deterministic alternative reward: the final database of a run is compared, table by table,
 * with the database the task's reference solution produces, ignoring columns the task does not
 * constrain (by default generated timestamps: names such as {@code created_at}, {@code updated_on},
 * {@code *_at}, {@code *timestamp*}). Rows are compared as multisets of their remaining columns.
 *
 * <p>The reference database of each task is computed once and kept, and so is the failure of a
 * reference solution that cannot be replayed (its task's rewards are that verifier error, without
 * replaying it again); {@link #withPolicy} shares what was computed, {@link #ignoring} starts afresh.
 * Immutable configuration; thread-safe.
 */
public final class GoldReplay {
  /** The default pattern of ignored column names. */
  public static final Pattern TIMESTAMP_COLUMNS =
      Pattern.compile("(?i)(.*_)?(created|updated|modified|deleted)(_at|_on|_time)?|.*_at|.*timestamp.*");
  private static final int MAX_DIFFERENCES = 5;

  private final Environment environment;
  private final Pattern ignored;
  private final RewardPolicy policy;
  private final Map<Integer, Gold> gold;

  /** A task's reference database (tables to sorted row texts), or why there is none. */
  private record Gold(Map<String, List<String>> tables, String error) {}

  private GoldReplay(Environment environment, Pattern ignored, RewardPolicy policy, Map<Integer, Gold> gold) {
    this.environment = environment;
    this.ignored = ignored;
    this.policy = policy;
    this.gold = gold;
  }

  /**
   * A gold replay of {@code environment} ignoring {@link #TIMESTAMP_COLUMNS}, valued by the default policy.
   *
   * @param environment the environment whose reference solutions give the gold databases
   * @return a new gold replay with nothing computed yet
   */
  public static GoldReplay of(Environment environment) {
    return new GoldReplay(environment, TIMESTAMP_COLUMNS, RewardPolicy.defaults(), new ConcurrentHashMap<>());
  }

  /**
   * The same, ignoring the columns whose names match {@code columns} (the whole name) instead.
   *
   * @param columns the pattern of ignored column names; not null
   * @return a new gold replay, which computes the reference databases afresh
   */
  public GoldReplay ignoring(Pattern columns) {
    return new GoldReplay(environment, Objects.requireNonNull(columns, "columns"), policy, new ConcurrentHashMap<>());
  }

  /**
   * The same, valued by {@code policy}.
   *
   * @param policy the reward policy; not null
   * @return a new gold replay sharing the reference databases computed so far
   */
  public GoldReplay withPolicy(RewardPolicy policy) {
    return new GoldReplay(environment, ignored, Objects.requireNonNull(policy, "policy"), gold);
  }

  /**
   * Compares {@code run}'s current database with the reference solution's for task {@code taskIndex}:
   * complete when they match, incomplete (with the first differences) when not, a verifier error
   * when there is no reference solution or it fails.
   *
   * @param run a handle of this gold replay's environment, at the end of an episode
   * @param taskIndex the task's index
   * @return the outcome; {@link RewardStatus#ENVIRONMENT_ERROR} for a closed handle, {@link
   *     RewardStatus#EPISODE_RESET} for an episode SQLite rolled back
   * @throws IllegalArgumentException if the handle belongs to another environment
   */
  public RewardOutcome reward(EnvironmentHandle run, int taskIndex) {
    if (run.environment() != environment) throw new IllegalArgumentException("handle belongs to another environment");
    if (run.isClosed()) return RewardOutcome.of(taskIndex, RewardStatus.ENVIRONMENT_ERROR, "the handle is closed", policy);
    if (run.episodeLost().isPresent()) return RewardOutcome.of(taskIndex, RewardStatus.EPISODE_RESET, run.episodeLost().get(), policy);
    Gold expected = gold.computeIfAbsent(taskIndex, this::reference);
    if (expected.error() != null) return RewardOutcome.of(taskIndex, RewardStatus.VERIFIER_ERROR, expected.error(), policy);
    List<String> differences = differences(expected.tables(), snapshot(run.view()));
    if (differences.isEmpty()) {
      return RewardOutcome.of(taskIndex, RewardStatus.COMPLETE, "final database matches the reference solution's", policy);
    }
    return RewardOutcome.of(taskIndex, RewardStatus.INCOMPLETE, String.join("; ", differences), policy);
  }

  private Gold reference(int taskIndex) {
    try {
      return new Gold(replay(taskIndex), null);
    } catch (VerifierException e) {
      return new Gold(null, e.getMessage());
    }
  }

  private Map<String, List<String>> replay(int taskIndex) {
    Optional<ReferenceSolution> solution = environment.definition().solution(taskIndex);
    if (solution.isEmpty()) throw new VerifierException("task " + taskIndex + " has no reference solution", null);
    try (EnvironmentHandle h = environment.newHandle()) {
      ReferenceCalls.play(h, solution.get().calls(), (number, call, r) -> {
        throw new VerifierException("reference call " + number + " (" + call.name() + ") of task " + taskIndex
            + " failed: " + r.message(), null);
      });
      return snapshot(h.view());
    }
  }

  /** Every table's rows, without ignored columns, as sorted JSON texts. */
  private Map<String, List<String>> snapshot(Db db) {
    return DatabaseContent.of(db, ignored);
  }

  private static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
    List<String> out = new ArrayList<>();
    for (String table : expected.keySet()) {
      List<String> missing = minus(expected.get(table), actual.getOrDefault(table, List.of()));
      List<String> extra = minus(actual.getOrDefault(table, List.of()), expected.get(table));
      if (!missing.isEmpty()) out.add(table + ": " + missing.size() + " expected row(s) missing, e.g. " + missing.get(0));
      if (!extra.isEmpty()) out.add(table + ": " + extra.size() + " unexpected row(s), e.g. " + extra.get(0));
      if (out.size() >= MAX_DIFFERENCES) break;
    }
    for (String table : actual.keySet()) if (!expected.containsKey(table)) out.add("unexpected table " + table);
    return out;
  }

  private static List<String> minus(List<String> a, List<String> b) {
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (String s : b) counts.merge(s, 1, Integer::sum);
    List<String> out = new ArrayList<>();
    for (String s : a) {
      Integer n = counts.get(s);
      if (n == null || n == 0) out.add(s);
      else counts.put(s, n - 1);
    }
    return out;
  }
}
