package dev.awm.pipeline;

import dev.awm.core.internal.AwmRows;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.Scenario;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.llm.EmbeddingModel;
import dev.awm.llm.LlmException;
import dev.awm.llm.internal.ModelJson;
import dev.awm.llm.internal.Prompts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Stage 1: new scenarios from seeds. Candidates are asked for in waves of parallel requests (up to
 * the run's concurrency, each request leaning towards other domains), classified in parallel (only
 * those rated suitable for a database-backed simulation stay), near-duplicates are dropped by
 * embedding cosine similarity, and no category may take more than its share. Acceptance runs in
 * request order, whatever order the replies came in, so a run is reproducible; accepted scenarios
 * are appended as they are accepted.
 */
final class ScenarioStage {
  /** The {@code stage} purpose of the requests that classify a candidate scenario. */
  static final String CLASSIFY = "classify";
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioStage.class);

  private ScenarioStage() {}

  static List<Scenario> run(StageContext ctx, ScenarioGeneration g, Map<String, EnvironmentDefinition> existing) {
    List<Scenario> accepted = new ArrayList<>();
    for (EnvironmentDefinition d : existing.values()) accepted.add(d.scenario());
    PipelineSummary.StageCounts c = ctx.summary.stage(Stage.SCENARIOS);
    c.skipped.addAndGet(accepted.size());
    ExecutorService pool = Executors.newFixedThreadPool(ctx.options.concurrency(), r -> {
      Thread t = new Thread(r, "awm-scenarios");
      t.setDaemon(true);
      return t;
    });
    try {
      if (g.keepSeeds()) keepSeeds(ctx, g, accepted, pool);
      if (accepted.size() >= g.targetCount()) return g.keepSeeds() ? accepted : accepted.subList(0, g.targetCount());
      EmbeddingModel embeddings = ctx.options.embeddings();
      if (embeddings == null) {
        throw new IllegalStateException("scenario generation needs an embedding model (set EMBEDDING_OPENAI_API_KEY)");
      }
      double threshold = g.similarityThreshold(embeddings);
      LOG.info("scenario de-duplication: embeddings from {}, near-duplicates at cosine >= {}", embeddings, threshold);
      Set<String> seedKeys = new HashSet<>();
      for (Scenario s : g.seeds()) seedKeys.add(s.key());
      List<Scenario> notSeeds = accepted.stream().filter(s -> !seedKeys.contains(s.key())).toList();
      List<float[]> known = new ArrayList<>(embeddings.embed(texts(g.seeds())));
      if (!notSeeds.isEmpty()) known.addAll(embeddings.embed(texts(notSeeds)));
      Map<String, Integer> categories = new HashMap<>();
      for (Scenario s : accepted) for (String cat : categories(s)) categories.merge(cat, 1, Integer::sum);
      int cap = Math.max(1, (int) Math.ceil(g.targetCount() * g.maxCategoryShare()));
      int round = 0;
      while (round < g.maxRounds() && accepted.size() < g.targetCount()) {
        int wave = waveSize(g, ctx.options.concurrency(), round, g.targetCount() - accepted.size());
        List<Callable<List<Scenario>>> asks = new ArrayList<>();
        List<Scenario> shown = List.copyOf(accepted);
        for (int i = 0; i < wave; i++) {
          int r = round + i;
          asks.add(() -> candidates(ctx, g, shown, r));
        }
        round += wave;
        List<Scenario> fresh = distinctNew(all(pool, asks), accepted);
        List<Callable<Scenario>> ratings = new ArrayList<>();
        for (Scenario cand : fresh) ratings.add(() -> classify(ctx, cand));
        List<Scenario> rated = all(pool, ratings);
        List<Scenario> suitable = new ArrayList<>();
        for (Scenario s : rated) if (suitability(s) >= g.minSuitability()) suitable.add(s);
        List<float[]> vectors = suitable.isEmpty() ? List.of() : embeddings.embed(texts(suitable));

        for (Scenario cand : rated) {
          if (accepted.size() >= g.targetCount()) break;
          c.in.incrementAndGet();
          int at = suitable.indexOf(cand);
          String why = at < 0 ? "suitability " + cand.attributes().get("suitability_score") : null;
          float[] vector = at < 0 ? null : vectors.get(at);
          if (why == null) {
            double max = 0;
            for (float[] k : known) max = Math.max(max, cosine(vector, k));
            if (max >= threshold) why = String.format(Locale.ROOT, "near-duplicate (cosine %.2f)", max);
          }
          if (why == null) {
            for (String cat : categories(cand)) {
              if (categories.getOrDefault(cat, 0) >= cap) why = "category '" + cat + "' is full (" + cap + ")";
            }
          }
          if (why != null) {
            LOG.debug("scenario candidate '{}' rejected: {}", cand.name(), why);
            continue;
          }
          Scenario pinned = ctx.options.pinned(cand);
          accepted.add(pinned);
          known.add(vector);
          for (String cat : categories(pinned)) categories.merge(cat, 1, Integer::sum);
          c.out.incrementAndGet();
          ctx.store.append(Stage.SCENARIOS.file(), AwmRows.scenarioRow(pinned));
          ctx.options.listener().onEvent(new ProgressEvent(Stage.SCENARIOS, pinned.key(), ProgressEvent.Kind.DONE, "accepted",
              accepted.size(), g.targetCount(), ctx.summary.tokens()));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (accepted.size() < g.targetCount()) {
      ctx.summary.reason("scenarios: reached " + accepted.size() + " of " + g.targetCount() + " after " + g.maxRounds() + " rounds");
    }
    return accepted;
  }

  /**
   * The reference's layout: the seeds not yet in {@code accepted} go first into it and into
   * gen_scenario.jsonl, classified in parallel when they carry no {@code suitability_level} yet,
   * and kept whatever their score (they are the user's, not the model's).
   */
  private static void keepSeeds(StageContext ctx, ScenarioGeneration g, List<Scenario> accepted, ExecutorService pool) {
    Set<String> have = new HashSet<>();
    for (Scenario a : accepted) have.add(a.key());
    List<Callable<Scenario>> rate = new ArrayList<>();
    for (Scenario seed : g.seeds()) {
      if (!have.add(seed.key())) continue;
      rate.add(seed.attributes().containsKey("suitability_level") ? () -> seed : () -> classify(ctx, seed));
    }
    PipelineSummary.StageCounts c = ctx.summary.stage(Stage.SCENARIOS);
    for (Scenario rated : all(pool, rate)) {
      Scenario pinned = ctx.options.pinned(rated);
      accepted.add(pinned);
      c.in.incrementAndGet();
      c.out.incrementAndGet();
      ctx.store.append(Stage.SCENARIOS.file(), AwmRows.scenarioRow(pinned));
      ctx.options.listener().onEvent(new ProgressEvent(Stage.SCENARIOS, pinned.key(), ProgressEvent.Kind.DONE, "seed kept",
          accepted.size(), Math.max(g.targetCount(), g.seeds().size()), ctx.summary.tokens()));
    }
  }

  /**
   * How many candidate requests to send at once: enough to expect the missing scenarios (about
   * half of the candidates survive classification and de-duplication), within the concurrency and
   * the rounds left.
   */
  static int waveSize(ScenarioGeneration g, int concurrency, int round, int missing) {
    int wanted = Math.max(1, (2 * missing + g.batchSize() - 1) / g.batchSize());
    return Math.min(Math.min(concurrency, g.maxRounds() - round), wanted);
  }

  /** The candidates in request order, without repeated names and without names already accepted. */
  private static List<Scenario> distinctNew(List<List<Scenario>> batches, List<Scenario> accepted) {
    Set<String> seen = new HashSet<>();
    for (Scenario a : accepted) seen.add(a.key());
    List<Scenario> out = new ArrayList<>();
    for (List<Scenario> batch : batches) {
      for (Scenario s : batch) {
        if (seen.add(s.key())) out.add(s);
        else LOG.debug("scenario candidate '{}' rejected: same name as another scenario", s.name());
      }
    }
    return out;
  }

  /** Runs the calls on the pool and returns their values in order; a stopped run stops here. */
  private static <T> List<T> all(ExecutorService pool, List<Callable<T>> calls) {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) futures.add(pool.submit(call));
    List<T> out = new ArrayList<>();
    try {
      for (Future<T> f : futures) out.add(f.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("scenario generation was interrupted", e);
    } catch (ExecutionException e) {
      for (Future<T> f : futures) f.cancel(true);
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException("scenario generation failed: " + e.getCause(), e.getCause());
    }
    return out;
  }

  private static List<Scenario> candidates(StageContext ctx, ScenarioGeneration g, List<Scenario> accepted, int round) {
    StringBuilder seeds = new StringBuilder();
    for (Scenario s : g.seeds()) seeds.append("- ").append(s.name()).append(": ").append(s.description()).append('\n');
    StringBuilder existing = new StringBuilder();
    for (Scenario s : accepted) existing.append("- ").append(s.name()).append('\n');
    String user = Prompts.render("scenarios.user.md", Map.of("seeds", seeds.toString().strip(),
        "existing", existing.length() == 0 ? "(none yet)" : existing.toString().strip(),
        "focus", FocusDomains.forRound(round),
        "count", Integer.toString(Math.min(g.batchSize(), g.targetCount() - accepted.size() + 2))));
    try {
      ChatResponse r = ctx.chat(ChatRequest.builder().system(Prompts.load("scenarios.system.md")).user(user)
          .temperature(ctx.options.temperature()).jsonResponse(true)
          .purpose("stage", Stage.SCENARIOS.key()).purpose("task", Integer.toString(round)).build());
      List<Scenario> out = new ArrayList<>();
      for (JsonNode n : ModelJson.object(r).path("scenarios")) {
        String name = n.path("name").asString("").strip();
        if (!name.isEmpty()) out.add(new Scenario(name, n.path("description").asString("")));
      }
      return out;
    } catch (LlmException e) {
      if (e.stopsRun()) throw ctx.stop(e);
      LOG.warn("scenario generation round {} failed: {}", round, e.getMessage());
      ctx.summary.reason("scenarios: generation round " + round + " failed: " + e.getMessage());
      return List.of();
    }
  }

  /** The scenario with the classifier's attributes, or a score of 0 when it could not be classified. */
  private static Scenario classify(StageContext ctx, Scenario s) {
    String user = Prompts.render("classify.user.md", Map.of("name", s.name(), "description", s.description()));
    Map<String, Object> attrs = new LinkedHashMap<>(s.attributes());
    try {
      JsonNode n = ModelJson.object(ctx.chat(ChatRequest.builder().system(Prompts.load("classify.system.md")).user(user)
          .temperature(0.0).jsonResponse(true).purpose("stage", CLASSIFY).purpose("scenario", s.key()).build()));
      attrs.put("suitability_score", n.path("suitability_score").asInt(0));
      attrs.put("suitability_level", n.path("suitability_level").asString(""));
      List<String> cats = new ArrayList<>();
      for (JsonNode cat : n.path("categories")) cats.add(cat.asString("").toLowerCase(Locale.ROOT).strip());
      attrs.put("categories", cats);
      attrs.put("suitability_reasoning", n.path("reasoning").asString(""));
      for (String features : List.of("simulatable_features", "non_simulatable_features")) {
        List<String> list = new ArrayList<>();
        for (JsonNode f : n.path(features)) list.add(f.asString("").strip());
        attrs.put(features, list); // as the reference keeps them: what a person reviews beside the score
      }
    } catch (LlmException e) {
      if (e.stopsRun()) throw ctx.stop(e);
      LOG.warn("scenario candidate '{}' could not be classified: {}", s.name(), e.getMessage());
      attrs.put("suitability_score", 0);
      attrs.put("suitability_reasoning", "classification failed: " + e.getMessage());
    }
    return new Scenario(s.name(), s.description(), attrs);
  }

  private static int suitability(Scenario s) {
    Object score = s.attributes().get("suitability_score");
    return score instanceof Number n ? n.intValue() : 0;
  }

  @SuppressWarnings("unchecked")
  private static List<String> categories(Scenario s) {
    Object c = s.attributes().get("categories");
    return c instanceof List ? (List<String>) c : List.of();
  }

  private static List<String> texts(List<Scenario> scenarios) {
    List<String> out = new ArrayList<>();
    for (Scenario s : scenarios) out.add(s.name() + ": " + s.description());
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
