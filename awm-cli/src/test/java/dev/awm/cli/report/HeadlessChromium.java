package dev.awm.cli.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Chromium (Debian's {@code chromium} package) run headless on a file, one process per call, with a
 * fresh profile and no network features: {@link #dumpDom} gives the DOM after the page's scripts ran
 * and the console messages Chromium logged; {@link #screenshot} writes a PNG.
 */
final class HeadlessChromium {
  /** A safety net against a hung browser, not a measure: a start takes a few seconds. */
  private static final long TIMEOUT_SECONDS = 180;
  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /**
   * The browser ({@code $AWM_CHROMIUM}, else {@code chromium} or {@code chromium-browser} on the
   * PATH). Without one the test is skipped, except under {@code CI=true}, where it fails: CI installs
   * the package ({@code .ci/run}).
   */
  static HeadlessChromium find() {
    List<Path> candidates = new ArrayList<>();
    String override = System.getenv("AWM_CHROMIUM");
    if (override != null && !override.isBlank()) candidates.add(Path.of(override));
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      candidates.add(Path.of(dir, "chromium"));
      candidates.add(Path.of(dir, "chromium-browser"));
    }
    for (Path p : candidates) {
      if (Files.isExecutable(p)) return new HeadlessChromium(p);
    }
    String why = "no Chromium: install Debian's chromium package (apt-get install chromium chromium-driver) or set AWM_CHROMIUM";
    if ("true".equals(System.getenv("CI"))) throw new AssertionError(why + " (CI=true: this test must run)");
    Assumptions.abort(why);
    return null;
  }

  /** What one browser run printed. */
  record Run(String stdout, String stderr) {
    /** The console messages (errors, violations of the page's policy, logs) Chromium reported. */
    List<String> console() {
      return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  /** The DOM of {@code page} after its scripts ran ({@code --dump-dom}), with the console on stderr. */
  Run dumpDom(Path page, Path work) throws IOException, InterruptedException {
    return run(work, "dom", "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());
  }

  /** A screenshot of {@code page} in a window of {@code width} x {@code height}. */
  Run screenshot(Path page, Path png, int width, int height, Path work) throws IOException, InterruptedException {
    return run(work, "shot", "--hide-scrollbars", "--screenshot=" + png, "--window-size=" + width + "," + height, page.toUri().toString());
  }

  private Run run(Path work, String name, String... args) throws IOException, InterruptedException {
    Path profile = Files.createDirectories(work.resolve(name + "-profile"));
    Path out = work.resolve(name + ".out");
    Path err = work.resolve(name + ".err");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n" + tail(err));
      }
      if (p.exitValue() != 0) throw new AssertionError("chromium exited with " + p.exitValue() + ": " + command + "\n" + tail(err));
      return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
