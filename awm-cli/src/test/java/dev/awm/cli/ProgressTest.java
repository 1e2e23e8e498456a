package dev.awm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.pipeline.Pipeline;
import dev.awm.pipeline.ProgressEvent;
import dev.awm.pipeline.StarterScript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress a person can follow: in order, with a rate and the time left; and where `awm run` writes by default. */
class ProgressTest {
  @Test
  void progressShowsTheRateAndTheTimeLeft() {
    AtomicLong now = new AtomicLong(0);
    Progress p = new Progress(4, now::get);
    assertThat(p.at(0)).isEqualTo("[............] 0/4");
    now.set(60_000_000_000L); // a minute for the first two
    assertThat(p.at(2)).isEqualTo("[######......] 2/4  2.0/min  ~1m left");
    now.set(62_000_000_000L);
    assertThat(p.at(4)).startsWith("[############] 4/4  3.9/min").doesNotContain("left");
    now.set(2_000_000_000L);
    assertThat(new Progress(100, () -> 0L).at(1)).isEqualTo("[............] 1/100");
    assertThat(Progress.duration(3725)).isEqualTo("1h 2m");
    assertThat(Progress.duration(59)).isEqualTo("59s");
  }

  @Test
  void eachStagesCountsReachListenersInOrder(@TempDir Path out) {
    List<ProgressEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    Pipeline.scenarios(StarterScript.scenarios()).model(StarterScript.model()).outputDir(out)
        .configure(o -> o.concurrency(3).listener(events::add)).all().run();
    Map<Object, Integer> last = new HashMap<>();
    for (ProgressEvent e : events) {
      if (e.kind() == ProgressEvent.Kind.STAGE_STARTED || e.kind() == ProgressEvent.Kind.RETRY) continue;
      int before = last.getOrDefault(e.stage(), 0);
      assertThat(e.done()).as("%s after %d", e, before).isEqualTo(before + 1);
      last.put(e.stage(), e.done());
    }
    assertThat(last).isNotEmpty().allSatisfy((stage, n) -> assertThat(n).isEqualTo(3));
  }

  @Test
  void runWritesToOneDefaultDirectoryPerModel() {
    ModelChoice offline = new ModelChoice();
    Map<String, String> env = Map.of("XDG_CACHE_HOME", "/tmp/cache-x");
    assertThat(RunCommand.defaultDir(env, offline)).isEqualTo(Path.of("/tmp/cache-x/awm/run/offline"));
    Map<String, String> live = Map.of("XDG_CACHE_HOME", "/tmp/cache-x", "OPENAI_API_KEY", "sk-x", "AWM_SYN_OVERRIDE_MODEL", "../gpt-5");
    assertThat(RunCommand.defaultDir(live, offline)).isEqualTo(Path.of("/tmp/cache-x/awm/run/live-.._gpt-5"));
    assertThat(RunCommand.defaultDir(Map.of(), offline)).isEqualTo(Path.of(System.getProperty("user.home"), ".cache/awm/run/offline"));
  }
}
