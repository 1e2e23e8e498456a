package dev.awm.verify;

import dev.awm.core.VerifierCode;
import dev.awm.core.VerifierMode;
import dev.awm.runtime.DatabaseView;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuildException;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.api.Verdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code-mode verifiers of one environment, compiled once, and the reward of an episode.
 *
 * <p>A verifier that does not compile does not stop the others: its task's rewards are
 * {@link RewardStatus#VERIFIER_ERROR} with the compiler's message, and {@link #problems()} lists it.
 * Thread-safe: any number of handles of the environment can be rewarded in parallel.
 */
public final class TaskVerifiers {
  private static final Logger LOG = LoggerFactory.getLogger(TaskVerifiers.class);

  private final Environment environment;
  private final Map<Integer, CodeVerifier> verifiers;
  private final Map<Integer, String> problems;
  private final RewardPolicy policy;

  private TaskVerifiers(Environment environment, Map<Integer, CodeVerifier> verifiers, Map<Integer, String> problems,
      RewardPolicy policy) {
    this.environment = environment;
    this.verifiers = verifiers;
    this.problems = problems;
    this.policy = policy;
  }

  /** Compiles every code-mode verifier of {@code environment}'s definition. */
  public static TaskVerifiers compile(Environment environment) {
    Map<Integer, CodeVerifier> ok = new LinkedHashMap<>();
    Map<Integer, String> bad = new LinkedHashMap<>();
    for (VerifierCode v : environment.definition().verifiers()) {
      if (v.mode() != VerifierMode.CODE) continue;
      try {
        ok.put(v.taskIndex(), CodeVerifier.compile(environment.name(), v));
      } catch (EnvironmentBuildException e) {
        bad.put(v.taskIndex(), e.getMessage());
        LOG.warn("{}", e.getMessage());
      }
    }
    return new TaskVerifiers(environment, Collections.unmodifiableMap(ok), Collections.unmodifiableMap(bad),
        RewardPolicy.defaults());
  }

  /** The same verifiers valuing outcomes with {@code policy}. */
  public TaskVerifiers withPolicy(RewardPolicy policy) {
    return new TaskVerifiers(environment, verifiers, problems, Objects.requireNonNull(policy, "policy"));
  }

  /** The environment these verifiers belong to. */
  public Environment environment() {
    return environment;
  }

  /** Verifiers that failed to compile, by task index, with the reason. */
  public Map<Integer, String> problems() {
    return problems;
  }

  /** Whether task {@code taskIndex} has a working verifier. */
  public boolean has(int taskIndex) {
    return verifiers.containsKey(taskIndex);
  }

  /**
   * Verifies task {@code taskIndex} on {@code handle}'s current state against the initial state.
   * Never throws for a failing verifier or environment: the outcome says what happened.
   *
   * @param finalAnswer the agent's final message (null is taken as empty)
   */
  public RewardOutcome reward(EnvironmentHandle handle, int taskIndex, String finalAnswer) {
    if (handle.environment() != environment) {
      throw new IllegalArgumentException("handle belongs to environment '" + handle.environment().name()
          + "', these verifiers to '" + environment.name() + "'");
    }
    CodeVerifier v = verifiers.get(taskIndex);
    if (v == null) {
      String why = problems.containsKey(taskIndex) ? problems.get(taskIndex) : "no code verifier for task " + taskIndex;
      return outcome(taskIndex, RewardStatus.VERIFIER_ERROR, why);
    }
    if (handle.isClosed()) return outcome(taskIndex, RewardStatus.ENVIRONMENT_ERROR, "the handle is closed");
    DatabaseView initial;
    try {
      initial = environment.openInitialDatabase();
    } catch (RuntimeException e) {
      return outcome(taskIndex, RewardStatus.ENVIRONMENT_ERROR, e.getMessage());
    }
    try {
      Verdict verdict = v.run(initial, handle.view(), finalAnswer);
      return outcome(taskIndex, verdict.isComplete() ? RewardStatus.COMPLETE : RewardStatus.INCOMPLETE, verdict.details());
    } catch (VerifierException e) {
      return outcome(taskIndex, RewardStatus.VERIFIER_ERROR, e.getMessage());
    } catch (IllegalStateException e) {
      return outcome(taskIndex, RewardStatus.ENVIRONMENT_ERROR, e.getMessage());
    } finally {
      initial.close();
    }
  }

  private RewardOutcome outcome(int task, RewardStatus status, String details) {
    return RewardOutcome.of(task, status, details, policy);
  }
}
