package dev.awm.verify;

import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.core.internal.JsonValues;
import dev.awm.runtime.Environment;
import dev.awm.runtime.SandboxLimits;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.SandboxException;
import dev.awm.runtime.internal.RuntimeAccess;
import dev.awm.runtime.internal.VerifierUnit;
import dev.awm.verify.api.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifiers of one environment, compiled once (an environment made by
 * {@link dev.awm.runtime.EnvironmentBuilder} brings its verifiers compiled already), and the reward of an episode. Code-mode
 * verifiers decide by themselves; sql-mode verifiers gather evidence that a {@link Judge} decides
 * on (set one with {@link #withJudge}).
 *
 * <p>A verifier that does not compile does not stop the others: its task's rewards are
 * {@link RewardStatus#VERIFIER_ERROR} with the compiler's message, and {@link #problems()} lists it.
 * Immutable and thread-safe: any number of handles of the environment can be rewarded in parallel.
 *
 * <p>Verifiers are generated code and always run in the sandbox ({@link EnvironmentHandle#inspect}),
 * a saved run's too ({@link RunDirectory#verify}): under the environment's verifier time and memory
 * limits, at most its row limit per query. A verifier that goes past a limit is a
 * {@link RewardStatus#VERIFIER_ERROR} saying which; the handle is unaffected.
 */
public final class TaskVerifiers {
  private static final Logger LOG = LoggerFactory.getLogger(TaskVerifiers.class);

  private final Environment environment;
  private final Map<Integer, CodeVerifier> code;
  private final Map<Integer, SqlVerifier> sql;
  private final Map<Integer, String> problems;
  private final RewardPolicy policy;
  private final Judge judge;

  private TaskVerifiers(Environment environment, Map<Integer, CodeVerifier> code, Map<Integer, SqlVerifier> sql,
      Map<Integer, String> problems, RewardPolicy policy, Judge judge) {
    this.environment = environment;
    this.code = code;
    this.sql = sql;
    this.problems = problems;
    this.policy = policy;
    this.judge = judge;
  }

  /**
   * Compiles every verifier of {@code environment}'s definition.
   *
   * @param environment the environment, built
   * @return the verifiers; those that do not compile are left out and listed in {@link #problems()}
   */
  public static TaskVerifiers compile(Environment environment) {
    return compile(environment, environment.definition().verifiers());
  }

  /**
   * Compiles {@code verifiers} as the verifiers of {@code environment}, in place of its
   * definition's (for example a generated verifier, checked before it is added to the definition).
   * The environment's {@linkplain Environment#hostVerifiers() host verifiers} come with them, and
   * take the place of a generated verifier of the same task.
   *
   * @param environment the environment, built
   * @param verifiers the verifiers to compile
   * @return the verifiers; those that do not compile are left out and listed in {@link #problems()}
   */
  public static TaskVerifiers compile(Environment environment, List<VerifierCode> verifiers) {
    Map<Integer, CodeVerifier> code = new LinkedHashMap<>();
    Map<Integer, SqlVerifier> sql = new LinkedHashMap<>();
    Map<Integer, String> bad = new LinkedHashMap<>();
    for (VerifierCode v : verifiers) {
      try {
        SandboxLimits limits = environment.limits();
        VerifierUnit built = v.mode() == VerifierMode.CODE ? RuntimeAccess.door().compiledVerifier(environment, v) : null;
        if (built != null) code.put(v.taskIndex(), CodeVerifier.of(built)); // compiled when the environment was built
        else if (v.mode() == VerifierMode.CODE) code.put(v.taskIndex(), CodeVerifier.compile(environment.name(), v, limits));
        else sql.put(v.taskIndex(), SqlVerifier.compile(environment.name(), v, limits));
      } catch (EnvironmentBuildException e) {
        bad.put(v.taskIndex(), e.getMessage());
        LOG.warn("{}", e.getMessage());
      }
    }
    environment.hostVerifiers().forEach((task, host) -> {
      code.put(task, CodeVerifier.host(task, host)); // host code in place of (or where there is no) generated verifier
      sql.remove(task);
      bad.remove(task);
    });
    return new TaskVerifiers(environment, Collections.unmodifiableMap(code), Collections.unmodifiableMap(sql),
        Collections.unmodifiableMap(bad), RewardPolicy.defaults(), null);
  }

  /**
   * The same verifiers valuing outcomes with {@code policy}.
   *
   * @param policy the policy; not null
   * @return new verifiers sharing the compiled ones
   */
  public TaskVerifiers withPolicy(RewardPolicy policy) {
    return new TaskVerifiers(environment, code, sql, problems, Objects.requireNonNull(policy, "policy"), judge);
  }

  /**
   * The same verifiers with {@code judge} deciding sql-mode tasks.
   *
   * @param judge the judge; not null
   * @return new verifiers sharing the compiled ones
   */
  public TaskVerifiers withJudge(Judge judge) {
    return new TaskVerifiers(environment, code, sql, problems, policy, Objects.requireNonNull(judge, "judge"));
  }

  /** Task {@code taskIndex}'s code-mode verifier, or null (for tests). */
  CodeVerifier codeVerifier(int taskIndex) {
    return code.get(taskIndex);
  }

  /** {@return the policy outcomes are valued with} */
  public RewardPolicy policy() {
    return policy;
  }

  /** {@return the environment these verifiers belong to} */
  public Environment environment() {
    return environment;
  }

  /** {@return verifiers that failed to compile, by task index, with the reason} */
  public Map<Integer, String> problems() {
    return problems;
  }

  /**
   * The mode of task {@code taskIndex}'s verifier (also of one that did not compile), if it has one.
   *
   * @param taskIndex the task's index
   * @return the mode, or empty if the task has no verifier
   */
  public java.util.Optional<VerifierMode> mode(int taskIndex) {
    if (code.containsKey(taskIndex)) return java.util.Optional.of(VerifierMode.CODE);
    if (sql.containsKey(taskIndex)) return java.util.Optional.of(VerifierMode.SQL);
    return environment.definition().verifier(taskIndex).map(VerifierCode::mode);
  }

  /**
   * Whether task {@code taskIndex} has a working verifier (of either mode).
   *
   * @param taskIndex the task's index
   * @return true if a verifier of the task compiled, or the task has a host verifier
   */
  public boolean has(int taskIndex) {
    return code.containsKey(taskIndex) || sql.containsKey(taskIndex);
  }

  /**
   * {@link #reward(EnvironmentHandle, int, String, String)} without a trajectory.
   *
   * @param handle a handle of these verifiers' environment
   * @param taskIndex the task's index
   * @param finalAnswer the agent's final message (null is taken as empty)
   * @return the outcome
   */
  public RewardOutcome reward(EnvironmentHandle handle, int taskIndex, String finalAnswer) {
    return reward(handle, taskIndex, finalAnswer, "");
  }

  /**
   * Verifies task {@code taskIndex} on {@code handle}'s current state against the initial state.
   * Never throws for a failing verifier, judge or environment: the outcome says what happened. An
   * episode SQLite rolled back ({@code handle.episodeLost()}) is {@link RewardStatus#EPISODE_RESET},
   * without running the verifier.
   *
   * @param finalAnswer the agent's final message (null is taken as empty)
   * @param trajectory the agent's run, for a sql-mode judge (may be empty)
   * @param handle a handle of these verifiers' environment, at the end of an episode
   * @param taskIndex the task's index
   * @return the outcome
   * @throws IllegalArgumentException if the handle belongs to another environment, or {@code taskIndex}
   *     is not a task of the environment (programming errors, not rewards)
   */
  public RewardOutcome reward(EnvironmentHandle handle, int taskIndex, String finalAnswer, String trajectory) {
    return reward(handle, null, taskIndex, finalAnswer, trajectory);
  }

  /** {@link #reward(EnvironmentHandle, int, String, String)} against {@code initialImage} (null: the environment's initial state). */
  RewardOutcome reward(EnvironmentHandle handle, byte[] initialImage, int taskIndex, String finalAnswer, String trajectory) {
    if (handle.environment() != environment) {
      throw new IllegalArgumentException("handle belongs to environment '" + handle.environment().name()
          + "', these verifiers to '" + environment.name() + "'");
    }
    requireTask(taskIndex);
    CodeVerifier c = code.get(taskIndex);
    SqlVerifier s = sql.get(taskIndex);
    RewardOutcome missing = missing(taskIndex, c, s);
    if (missing != null) return missing;
    if (handle.isClosed()) return outcome(taskIndex, RewardStatus.ENVIRONMENT_ERROR, "the handle is closed");
    java.util.Optional<String> lost = handle.episodeLost();
    if (lost.isPresent()) return outcome(taskIndex, RewardStatus.EPISODE_RESET, lost.get());
    String answer = finalAnswer == null ? "" : finalAnswer;
    try {
      if (c == null) {
        Map<String, Object> evidence = handle.inspect("evidence gathering of task " + taskIndex, initialImage, s::gather);
        return RewardOutcome.judged(taskIndex, judge(evidence, taskIndex, answer, trajectory), evidence, policy);
      }
      Verdict verdict = handle.inspect("verifier of task " + taskIndex, initialImage, (initial, current) -> c.run(initial, current, answer));
      return outcome(taskIndex, verdict.isComplete() ? RewardStatus.COMPLETE : RewardStatus.INCOMPLETE, shorten(verdict.details()));
    } catch (VerifierException | SandboxException e) {
      return outcome(taskIndex, RewardStatus.VERIFIER_ERROR, e.getMessage());
    } catch (IllegalStateException e) {
      return outcome(taskIndex, RewardStatus.ENVIRONMENT_ERROR, e.getMessage());
    }
  }

  /** @throws IllegalArgumentException naming the tasks there are, when {@code taskIndex} is not one of them */
  void requireTask(int taskIndex) {
    if (knows(taskIndex)) return;
    int n = environment.definition().tasks().size();
    throw new IllegalArgumentException("environment '" + environment.name() + "' has no task " + taskIndex
        + (n == 0 ? " (it has no tasks)" : "; its tasks are 0.." + (n - 1)));
  }

  /** Whether {@code taskIndex} is a task of the environment (or has a verifier, even one that did not compile). */
  private boolean knows(int taskIndex) {
    return taskIndex >= 0 && taskIndex < environment.definition().tasks().size() || code.containsKey(taskIndex)
        || sql.containsKey(taskIndex) || problems.containsKey(taskIndex);
  }

  /** The outcome when task {@code taskIndex} cannot be verified at all, or null. */
  private RewardOutcome missing(int taskIndex, CodeVerifier c, SqlVerifier s) {
    if (c == null && s == null) {
      String why = problems.containsKey(taskIndex) ? problems.get(taskIndex) : "no verifier for task " + taskIndex;
      return outcome(taskIndex, RewardStatus.VERIFIER_ERROR, why);
    }
    if (s != null && judge == null) {
      return outcome(taskIndex, RewardStatus.VERIFIER_ERROR, "task " + taskIndex + " has a sql-mode verifier but no judge is set");
    }
    return null;
  }

  private JudgeVerdict judge(Map<String, Object> evidence, int taskIndex, String finalAnswer, String trajectory) {
    int max = environment.limits().maxResultChars();
    if (JsonValues.write(evidence).length() > max) {
      throw new VerifierException("evidence of task " + taskIndex + " is more than " + max + " characters of JSON (the limit)", null);
    }
    String task = taskIndex < environment.definition().tasks().size() ? environment.definition().tasks().get(taskIndex) : "";
    JudgeVerdict v;
    try {
      v = judge.judge(new JudgeRequest(environment.name(), taskIndex, task, evidence, trajectory, finalAnswer));
    } catch (Exception e) {
      throw new VerifierException("judge of task " + taskIndex + " failed: " + e.getMessage(), e);
    }
    if (v == null) throw new VerifierException("judge of task " + taskIndex + " returned null", null);
    return v;
  }

  /** A verifier's details, cut to the result size limit. */
  private String shorten(String details) {
    int max = environment.limits().maxResultChars();
    return details.length() <= max ? details : details.substring(0, max) + "...";
  }

  /** An outcome valued with these verifiers' policy. */
  RewardOutcome outcome(int task, RewardStatus status, String details) {
    return RewardOutcome.of(task, status, details, policy);
  }
}
