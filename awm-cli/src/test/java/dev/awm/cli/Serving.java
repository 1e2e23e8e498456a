package dev.awm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code awm env start ...} running on a thread of the test, until {@link #stop}. */
final class Serving {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final URI url;
  private final Thread thread;
  private final int[] code = {-1};

  /** Starts the command and waits (at most 30 s) until it prints its address. */
  Serving(String... args) throws InterruptedException {
    thread = new Thread(() -> code[0] = AwmCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args), "awm-env-start");
    thread.start();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    Matcher m;
    while (!(m = Pattern.compile("at (http://\\S+/mcp)").matcher(out.toString())).find()) {
      assertThat(System.nanoTime()).as("no address printed; stderr: %s", err).isLessThan(deadline);
      assertThat(thread.isAlive()).as("env start ended early: %s", err).isTrue();
      Thread.sleep(20);
    }
    url = URI.create(m.group(1));
  }

  /** Interrupts the command (as a caller that embeds it would) and returns its exit code. */
  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
    assertThat(thread.isAlive()).as("env start stops when interrupted").isFalse();
    return code[0];
  }
}
