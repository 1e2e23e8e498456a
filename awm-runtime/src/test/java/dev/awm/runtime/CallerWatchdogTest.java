package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watchdog of runs on the caller's thread ({@link CallerWatchdog}) parks while no run is
 * active, so that a process holding environments it does not use wakes nothing, and still stops
 * the first run that starts afterwards at its limit.
 */
class CallerWatchdogTest {
  private static final long MAX_BYTES = 512L << 20;

  @Test
  @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a watchdog that never wakes would leave the endless run running
  void itSleepsWhileNoRunIsActiveAndStillStopsTheNextRunAtItsLimit() throws Exception {
    Sandbox.Outcome<String> first = CallerWatchdog.run(TimeUnit.SECONDS.toNanos(5), MAX_BYTES, () -> "ran", () -> {});
    assertThat(first.value()).isEqualTo("ran");

    // a second without a run: it parks (the deadline only bounds a machine too busy to run it)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (!CallerWatchdog.asleep() && System.nanoTime() < deadline) Thread.sleep(20);
    assertThat(CallerWatchdog.asleep()).as("the watchdog parks while no run is active").isTrue();

    // the next run wakes it: a run that does not end by itself is stopped at its time limit
    AtomicBoolean cancelled = new AtomicBoolean();
    Sandbox.Outcome<String> endless = CallerWatchdog.run(TimeUnit.MILLISECONDS.toNanos(200), MAX_BYTES, () -> {
      while (!CallerWatchdog.cancelledHere()) Thread.onSpinWait();
      return "stopped";
    }, () -> cancelled.set(true));
    assertThat(endless.limit()).isEqualTo(Sandbox.Limit.TIME);
    assertThat(cancelled).isTrue();
    assertThat(CallerWatchdog.asleep()).as("awake while runs come").isFalse();
  }
}
