package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awm.core.EnvironmentDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Building an environment runs the tool class's constructor once under the limits: one that never
 * returns, throws or allocates too much fails the build (not every handle), and what a good one
 * writes is discarded.
 */
class ConstructorAtBuildTest {
  /** Tool code whose constructor runs {@code body} after keeping its Db, with one tool {@code ping}. */
  private static EnvironmentDefinition withConstructor(String body) {
    String source = "import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class Ctor {\n  private final Db db;\n"
        + "  public Ctor(Db db) {\n    this.db = db;\n    " + body + "\n  }\n"
        + "  public Object ping(Args args) { return db.scalar(\"SELECT count(*) FROM notes\"); }\n}\n";
    return HostileCode.definition(source, List.of("ping"));
  }

  @ParameterizedTest
  @EnumSource(Isolation.class)
  void aConstructorThatNeverReturnsFailsTheBuild(Isolation isolation) {
    assertThatThrownBy(() -> Environment.builder(withConstructor("while (true) { }")).isolation(isolation)
        .callTimeout(Duration.ofSeconds(2)).build())
        .isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("environment 'hostile_tools': the tool class constructor ran longer than 2000 ms (the time limit)");
  }

  @Test
  void aConstructorThatThrowsFailsTheBuild() {
    assertThatThrownBy(() -> Environment.of(withConstructor("if (db != null) throw new IllegalStateException(\"no config\");")))
        .isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("the tool class constructor failed: IllegalStateException: no config");
  }

  @Test
  void aConstructorThatAllocatesTooMuchFailsTheBuild() {
    String bomb = "List keep = new ArrayList(); while (true) keep.add(new long[1 << 20]);";
    assertThatThrownBy(() -> Environment.builder(withConstructor(bomb)).maxAllocatedBytes(64L << 20).build())
        .isInstanceOf(EnvironmentBuildException.class)
        .hasMessageContaining("the tool class constructor allocated more than 64 MiB (the memory limit)");
  }

  @Test
  void aGoodConstructorBuildsAndWhatItWroteAtBuildIsDiscarded() {
    Environment env = Environment.of(withConstructor("db.update(\"INSERT INTO notes (body) VALUES ('from the constructor')\");"));
    assertThat(env.spareHandles()).as("the build's connection is kept as the first spare").isEqualTo(1);
    try (DatabaseView initial = env.openInitialDatabase()) {
      assertThat(initial.query("SELECT body FROM notes")).containsExactly(Map.of("body", "first"));
    }
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.callTool("ping", Map.of()).isError()).isFalse();
      assertThat(h.query("SELECT body FROM notes WHERE body = 'from the constructor'")).hasSizeLessThanOrEqualTo(1);
    }
  }
}
