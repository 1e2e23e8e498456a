package dev.awm.port.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Python harness the differential check runs the originals with (serve / verify). */
final class Harness {
  private Harness() {}

  /** Writes the harness script to {@code dir} and returns its path. */
  static Path write(Path dir) throws IOException {
    Path file = dir.resolve("awm_port_harness.py");
    try (var in = Harness.class.getResourceAsStream("/dev/awm/port/harness.py")) {
      if (in == null) throw new IOException("harness.py is missing from the classpath");
      Files.write(file, in.readAllBytes());
    }
    return file;
  }
}
