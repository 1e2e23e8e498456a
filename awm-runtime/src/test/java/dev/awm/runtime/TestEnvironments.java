package dev.awm.runtime;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import java.nio.file.Path;
import java.util.List;

/** The hand-written test environments under {@code src/test/resources/envs}. */
final class TestEnvironments {
  private static Environment bookshop;

  private TestEnvironments() {}

  static Path dir(String name) {
    try {
      return Path.of(TestEnvironments.class.getResource("/envs/" + name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static EnvironmentDefinition bookshopDefinition() {
    try {
      List<EnvironmentDefinition> defs = AwmDirectory.load(dir("bookshop"));
      return defs.get(0);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Built once per test JVM; environments are immutable and shared. */
  static synchronized Environment bookshop() {
    if (bookshop == null) bookshop = Environment.of(bookshopDefinition());
    return bookshop;
  }
}
