package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.llm.CachingChatModel;
import dev.awm.llm.ScriptedModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers replayed from the cache are not model calls and cost no tokens; the summary counts them apart. */
class CacheReplayTest {
  @Test
  void replaysAreCountedApartFromModelCalls(@TempDir Path first, @TempDir Path second, @TempDir Path cache) {
    ScriptedModel scripted = StarterScript.model();
    PipelineResult recorded = Pipeline.scenario(StarterScript.scenarios().get(1)).model(new CachingChatModel(scripted, cache, "scripted"))
        .outputDir(first).all().run();
    long calls = recorded.summary().modelCalls();
    assertThat(calls).isPositive();
    assertThat(recorded.summary().replays()).isZero();

    ScriptedModel untouched = StarterScript.model();
    PipelineResult replayed = Pipeline.scenario(StarterScript.scenarios().get(1)).model(new CachingChatModel(untouched, cache, "scripted"))
        .outputDir(second).all().run();
    assertThat(replayed.gaveUp()).isEmpty();
    assertThat(untouched.calls()).isZero();
    assertThat(replayed.summary().modelCalls()).isZero();
    assertThat(replayed.summary().tokens()).isZero();
    assertThat(replayed.summary().replays()).isEqualTo(calls);
    assertThat(replayed.summary().describe()).contains("model calls: 0, tokens: 0, replayed from the cache: " + calls);
  }
}
