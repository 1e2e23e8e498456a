package dev.awm.pipeline;

import dev.awm.core.VerifierMode;
import dev.awm.llm.ChatModel;
import dev.awm.llm.EmbeddingModel;
import dev.awm.verify.Judge;
import dev.awm.core.Scenario;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The options of a synthesis run. Immutable; build with {@link #builder()}.
 *
 * @param model the model that writes everything (required)
 * @param embeddings the embedding model for scenario de-duplication (required only for {@link Stage#SCENARIOS})
 * @param judge the judge of sql-mode verifiers (optional): it decides their no-op check and whether a
 *     reference solution completes its task; without one, sql-mode verifiers are only checked to
 *     gather their evidence on the no-op episode, and reference solutions are not checked by them
 * @param outputDir where the gen_*.jsonl files are written and resumed from (required)
 * @param tasksPerScenario tasks per scenario (default 10)
 * @param retries retries per stage after the first attempt (default 4)
 * @param concurrency scenarios (and tasks) worked on at once (default 8); the model client's own
 *     in-flight bound applies on top
 * @param verifierMode code (default) or sql
 * @param maxFailedInsertRatio after the retries, sample data is kept if at most this share of its
 *     inserts failed (default 0.1); any failure triggers a retry first
 * @param temperature sampling temperature of every request (default 1.0, as the reference)
 * @param referenceSolutions whether the verifier step also writes and replays reference solutions (default true)
 * @param listener told about progress (default none)
 * @param simulatedNow the simulated now of scenarios that do not carry one ({@link Scenario#simulatedNow()}):
 *     stored with the scenario, stated in every prompt that needs a date, and the current time of
 *     every handle; null (the default) means 09:00 UTC on the day the scenario enters the pipeline
 * @param keepUntrusted whether a task whose verifier fails its cross-examination is kept, its
 *     solution row marked {@code "trusted": false} (default false: it is dropped and reported)
 */
public record PipelineOptions(ChatModel model, EmbeddingModel embeddings, Judge judge, Path outputDir, int tasksPerScenario,
    int retries, int concurrency, VerifierMode verifierMode, double maxFailedInsertRatio, double temperature,
    boolean referenceSolutions, ProgressListener listener, LocalDateTime simulatedNow, boolean keepUntrusted) {

  public PipelineOptions {
    Objects.requireNonNull(model, "model: set the model that writes the environments");
    Objects.requireNonNull(outputDir, "outputDir: set where the gen_*.jsonl files go");
    if (tasksPerScenario < 1) throw new IllegalArgumentException("tasksPerScenario must be >= 1");
    if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
    verifierMode = verifierMode == null ? VerifierMode.CODE : verifierMode;
    listener = listener == null ? ProgressListener.NONE : listener;
  }

  /** {@code s} with its simulated now: its own, else {@link #simulatedNow()}, else 09:00 UTC today. */
  public Scenario pinned(Scenario s) {
    if (s.simulatedNow().isPresent()) return s;
    return s.withSimulatedNow(simulatedNow != null ? simulatedNow : LocalDate.now(ZoneOffset.UTC).atTime(9, 0));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().model(model).embeddings(embeddings).judge(judge).outputDir(outputDir).tasksPerScenario(tasksPerScenario)
        .retries(retries).concurrency(concurrency).verifierMode(verifierMode).maxFailedInsertRatio(maxFailedInsertRatio)
        .temperature(temperature).referenceSolutions(referenceSolutions).listener(listener).simulatedNow(simulatedNow)
        .keepUntrusted(keepUntrusted);
  }

  /** Builds {@link PipelineOptions}; not thread-safe. */
  public static final class Builder {
    private ChatModel model;
    private EmbeddingModel embeddings;
    private Judge judge;
    private Path outputDir;
    private int tasksPerScenario = 10;
    private int retries = 4;
    private int concurrency = 8;
    private VerifierMode verifierMode = VerifierMode.CODE;
    private double maxFailedInsertRatio = 0.1;
    private double temperature = 1.0;
    private boolean referenceSolutions = true;
    private ProgressListener listener = ProgressListener.NONE;
    private LocalDateTime simulatedNow;
    private boolean keepUntrusted;

    private Builder() {}

    public Builder model(ChatModel m) { this.model = m; return this; }
    public Builder embeddings(EmbeddingModel e) { this.embeddings = e; return this; }
    public Builder judge(Judge j) { this.judge = j; return this; }
    public Builder outputDir(Path dir) { this.outputDir = dir; return this; }
    public Builder tasksPerScenario(int n) { this.tasksPerScenario = n; return this; }
    public Builder retries(int n) { this.retries = n; return this; }
    public Builder concurrency(int n) { this.concurrency = n; return this; }
    public Builder verifierMode(VerifierMode m) { this.verifierMode = m; return this; }
    public Builder maxFailedInsertRatio(double r) { this.maxFailedInsertRatio = r; return this; }
    public Builder temperature(double t) { this.temperature = t; return this; }
    public Builder referenceSolutions(boolean on) { this.referenceSolutions = on; return this; }
    public Builder listener(ProgressListener l) { this.listener = l; return this; }
    public Builder simulatedNow(LocalDateTime now) { this.simulatedNow = now; return this; }
    public Builder keepUntrusted(boolean keep) { this.keepUntrusted = keep; return this; }

    public PipelineOptions build() {
      return new PipelineOptions(model, embeddings, judge, outputDir, tasksPerScenario, retries, concurrency, verifierMode,
          maxFailedInsertRatio, temperature, referenceSolutions, listener, simulatedNow, keepUntrusted);
    }
  }
}
