package dev.awm.bench;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code fork()} of a handle in the middle of an episode (it has written) against opening a new
 * handle, on an AWM-sized environment; run it with {@code ResetBench} to compare with {@code reset()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForkBench {
  private Environment env;
  private EnvironmentHandle midEpisode;

  @Setup
  public void setUp() {
    env = Environment.of(AwmSizedEnvironment.definition());
    midEpisode = env.newHandle();
    midEpisode.callTool("close_t5", Map.of("id", 3L));
    midEpisode.callTool("close_t9", Map.of("id", 1L));
  }

  @TearDown
  public void tearDown() {
    midEpisode.close();
  }

  /** A fork of a handle that has written (its state is copied), then closed. */
  @Benchmark
  public int forkMidEpisode() {
    try (EnvironmentHandle f = midEpisode.fork()) {
      return f.listTools().size();
    }
  }

  /** A new handle in the initial state, then closed. */
  @Benchmark
  public int newHandle() {
    try (EnvironmentHandle h = env.newHandle()) {
      return h.listTools().size();
    }
  }
}
