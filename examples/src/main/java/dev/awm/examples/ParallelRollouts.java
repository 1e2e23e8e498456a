package dev.awm.examples;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ReferenceSolution;
import dev.awm.core.StarterPack;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parallel rollouts: 1,024 live handles over the three starter environments, driven by a scripted
 * policy (each task's reference solution) on all cores; prints steps per second and the rewards.
 */
public final class ParallelRollouts {
  private ParallelRollouts() {}

  /** What a batch of rollouts did. */
  public record Summary(int episodes, long steps, double stepsPerSecond, double meanReward) {}

  public static Summary run(int handles, StringBuilder log) throws Exception {
    List<Environment> envs = new ArrayList<>();
    List<TaskVerifiers> verifiers = new ArrayList<>();
    for (EnvironmentDefinition d : StarterPack.definitions()) {
      Environment e = Environment.of(d);
      envs.add(e);
      verifiers.add(TaskVerifiers.compile(e));
    }
    List<EnvironmentHandle> live = new ArrayList<>(handles);
    for (int i = 0; i < handles; i++) live.add(envs.get(i % envs.size()).newHandle());
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong steps = new AtomicLong();
    long start = System.nanoTime();
    List<Future<Double>> rewards = new ArrayList<>();
    try {
      for (int i = 0; i < handles; i++) {
        EnvironmentHandle h = live.get(i);
        TaskVerifiers v = verifiers.get(i % envs.size());
        int task = (i / envs.size()) % h.environment().definition().tasks().size();
        rewards.add(pool.submit(() -> {
          ReferenceSolution policy = h.environment().definition().solution(task).orElseThrow();
          for (ToolCall c : policy.calls()) {
            h.callTool(c);
            steps.incrementAndGet();
          }
          RewardOutcome o = v.reward(h, task, policy.finalAnswer());
          return o.reward();
        }));
      }
      double total = 0;
      for (Future<Double> f : rewards) total += f.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      Summary s = new Summary(handles, steps.get(), steps.get() / seconds, total / handles);
      log.append(String.format("%d episodes on %d threads: %d tool calls, %.0f steps/s, mean reward %.3f%n", s.episodes(), threads,
          s.steps(), s.stepsPerSecond(), s.meanReward()));
      return s;
    } finally {
      pool.shutdownNow();
      live.forEach(EnvironmentHandle::close);
    }
  }

  public static void main(String[] args) throws Exception {
    StringBuilder log = new StringBuilder();
    run(args.length > 0 ? Integer.parseInt(args[0]) : 1024, log);
    System.out.print(log);
  }
}
