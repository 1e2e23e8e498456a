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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tool calls per second on the machine's cores: each thread drives its own handle of one shared
 * AWM-sized environment (a read call, and a write call followed by its episode's reset), with 1
 * and 2 threads in one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThroughputBench {
  /** One environment for all threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    Environment env;

    @Setup
    public void build() {
      env = Environment.of(AwmSizedEnvironment.definition());
    }
  }

  /** One handle per thread. */
  @State(Scope.Thread)
  public static class PerThread {
    EnvironmentHandle handle;
    final Map<String, Object> row = Map.of("id", 3L);

    @Setup
    public void open(Shared shared) {
      handle = shared.env.newHandle();
    }

    @TearDown
    public void close() {
      handle.close();
    }
  }

  @Benchmark
  @Threads(1)
  public Object readCall1Thread(PerThread t) {
    return t.handle.callTool("get_t5", t.row);
  }

  @Benchmark
  @Threads(2)
  public Object readCall2Threads(PerThread t) {
    return t.handle.callTool("get_t5", t.row);
  }

  @Benchmark
  @Threads(1)
  public Object writeCallAndReset1Thread(PerThread t) {
    Object r = t.handle.callTool("close_t5", t.row);
    t.handle.reset();
    return r;
  }

  @Benchmark
  @Threads(2)
  public Object writeCallAndReset2Threads(PerThread t) {
    Object r = t.handle.callTool("close_t5", t.row);
    t.handle.reset();
    return r;
  }
}
