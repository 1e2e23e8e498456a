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
 * What a verifier run costs the runtime: {@code EnvironmentHandle.inspect} with a check that reads
 * one row from the initial and from the current database, the initial one lent from the
 * environment's spares (the default) or opened for the run ({@code spareHandles(0)}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InspectBench {
  private EnvironmentHandle handle;
  private EnvironmentHandle handleNoSpares;

  @Setup
  public void setUp() {
    handle = Environment.of(AwmSizedEnvironment.definition()).newHandle();
    handleNoSpares = Environment.builder(AwmSizedEnvironment.definition()).spareHandles(0).build().newHandle();
    for (EnvironmentHandle h : new EnvironmentHandle[] {handle, handleNoSpares}) h.callTool("close_t5", Map.of("id", 3L));
  }

  @TearDown
  public void tearDown() {
    handle.close();
    handleNoSpares.close();
  }

  private static boolean check(EnvironmentHandle h) {
    return h.inspect("check", (initial, current) -> !initial.scalar("SELECT status FROM t5 WHERE id = 3")
        .equals(current.scalar("SELECT status FROM t5 WHERE id = 3")));
  }

  /** The initial database is a spare connection, lent read-only. */
  @Benchmark
  public boolean inspect() {
    return check(handle);
  }

  /** The initial database is opened, loaded and parsed for the run. */
  @Benchmark
  public boolean inspectWithoutSpares() {
    return check(handleNoSpares);
  }
}
