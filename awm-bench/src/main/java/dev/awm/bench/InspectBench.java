package dev.awm.bench;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a verifier run costs the runtime: {@code EnvironmentHandle.inspect} with a check that reads
 * one row from the initial and from the current database, the initial one lent from the
 * environment's spares (the default) or opened for the run ({@code spareHandles(0)}).
 */
public class InspectBench extends MicroBench {
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
