package dev.awm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.awm.pipeline.PythonRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code awm port} on the fixtures, offline, against their Python originals (skipped without the
 * Python virtual environment, failed without it under {@code CI=true}); then {@code awm env
 * validate} on what it wrote.
 */
class PortCommandTest {
  @Test
  void portsTheFixturesWithSolutionsAndTheResultValidates(@TempDir Path dir) throws Exception {
    PythonRuntime.Lookup python = PythonRuntime.find(null, System.getenv());
    if (!python.found()) {
      String why = "no Python for the differential check (" + python.why() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why);
      System.err.println("SKIPPED PortCommandTest: " + why);
      Assumptions.abort(why);
    }
    Path out = dir.resolve("ported");
    CliTest.Result r = CliTest.awm("port", "--fixtures", "-o", out.toString(), "--offline", "--solutions", "--concurrency", "3");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("differential check: the originals run under").contains("recipe_box: ported (2 answer(s))")
        .contains("tools: matches=6; verifiers: agrees=2").contains("reference solutions: 6 tasks solved")
        .contains("== port done: everything matches its original");
    assertThat(Files.readString(out.resolve("port_report.jsonl"))).contains("\"kind\":\"tool\"");

    CliTest.Result v = CliTest.awm("env", "validate", "-i", out.toString());
    assertThat(v.code()).as(v.out() + v.err()).isZero();
    assertThat(v.out()).contains("summary: 3 environments, 16 tools, 6 tasks, 6 passing");
  }

  @Test
  void aPythonThatCannotRunTheOriginalsIsNamed(@TempDir Path dir) {
    CliTest.Result r = CliTest.awm("port", "--fixtures", "-o", dir.toString(), "--offline", "--python", dir.resolve("no-python").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--python " + dir.resolve("no-python")).contains("cannot run");
  }
}
