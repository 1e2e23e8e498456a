package dev.awm.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same actions give the same state and reward on any day: the {@link ClockProbe} runs in JVMs
 * whose wall clock libfaketime sets to 2019 and to 2033 (it fakes the system calls that both the
 * JVM and SQLite read), and everything it observes (tool results, rewards, gold replay, a fork, run
 * directories) is the same as in this JVM, on today's clock. {@code .ci/run} installs libfaketime.
 */
class DeterminismAcrossDaysTest {
  static final Path FAKETIME = java.util.stream.Stream.of("x86_64-linux-gnu", "aarch64-linux-gnu", "")
      .map(arch -> Path.of("/usr/lib", arch, "faketime", "libfaketime.so.1")).filter(Files::exists).findFirst()
      .orElse(Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"));

  @Test
  void goldReplayForksAndRunDirectoriesAreTheSameUnderTwoWallClocks(@TempDir Path tmp) throws Exception {
    if (!Files.exists(FAKETIME)) {
      // CI installs it (.ci/run); elsewhere the test needs `apt-get install faketime`
      assertThat(System.getenv("CI")).as("libfaketime is missing at " + FAKETIME + "; .ci/run installs it").isNotEqualTo("true");
      Assumptions.abort("libfaketime is not installed (apt-get install faketime)");
    }
    String here = ClockProbe.digest(ClockProbe.observe(Files.createDirectories(tmp.resolve("here"))));
    List<String> early = probe(tmp.resolve("early"), "@2019-03-01 08:00:00");
    List<String> late = probe(tmp.resolve("late"), "@2033-11-20 17:45:00");
    assertThat(early).as("the faked clock took effect").contains("year 2019");
    assertThat(late).as("the faked clock took effect").contains("year 2033");
    assertThat(early).contains("digest " + here);
    assertThat(late).contains("digest " + here);
  }

  private static List<String> probe(Path dir, String faketime) throws Exception {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ClockProbe.class.getName(), dir.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LD_PRELOAD", FAKETIME.toString());
    pb.environment().put("FAKETIME", faketime);
    pb.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the probe finished").isTrue();
    assertThat(p.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
