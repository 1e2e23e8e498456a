package dev.awm.bench;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code fork()} of a handle in the middle of an episode (it has written) against {@code reset()}
 * after a write and against opening a new handle, on an AWM-sized environment, in one run; each
 * with the environment's spare connections (the default) and without them ({@code spareHandles(0)}).
 */
public class ForkBench extends MicroBench {
  private Environment env;
  private Environment noSpares;
  private EnvironmentHandle midEpisode;
  private EnvironmentHandle midEpisodeNoSpares;

  @Setup
  public void setUp() {
    env = Environment.of(AwmSizedEnvironment.definition());
    noSpares = Environment.builder(AwmSizedEnvironment.definition()).spareHandles(0).build();
    midEpisode = written(env.newHandle());
    midEpisodeNoSpares = written(noSpares.newHandle());
  }

  /** The write {@code ResetBench.Written} makes before each reset. */
  private static EnvironmentHandle written(EnvironmentHandle h) {
    h.callTool("close_t5", Map.of("id", 3L));
    return h;
  }

  @TearDown
  public void tearDown() {
    midEpisode.close();
    midEpisodeNoSpares.close();
  }

  /** A fork of a handle that has written (its changed row is copied into a spare), then closed. */
  @Benchmark
  public int forkMidEpisode() {
    try (EnvironmentHandle f = midEpisode.fork()) {
      return f.listTools().size();
    }
  }

  /** The same without spares: each fork opens and loads a database before copying the rows. */
  @Benchmark
  public int forkMidEpisodeWithoutSpares() {
    try (EnvironmentHandle f = midEpisodeNoSpares.fork()) {
      return f.listTools().size();
    }
  }

  /** A new handle in the initial state (a spare), then closed. */
  @Benchmark
  public int newHandle() {
    try (EnvironmentHandle h = env.newHandle()) {
      return h.listTools().size();
    }
  }

  /** A new handle without spares: open, load and parse a database, then close it. */
  @Benchmark
  public int newHandleWithoutSpares() {
    try (EnvironmentHandle h = noSpares.newHandle()) {
      return h.listTools().size();
    }
  }

  /** {@code reset()} after the same write the forked handle made (written outside the measured time). */
  @Benchmark
  public void resetAfterWrite(ResetBench.Written w) {
    w.handle.reset();
  }
}
