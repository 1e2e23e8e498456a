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

  /**
   * Checks the required options and fills in defaults.
   *
   * @param model not null
   * @param embeddings may be null unless scenarios are generated
   * @param judge may be null
   * @param outputDir not null
   * @param tasksPerScenario at least 1
   * @param retries 0 or more
   * @param concurrency at least 1
   * @param verifierMode null becomes {@link VerifierMode#CODE}
   * @param maxFailedInsertRatio a share, 0 to 1
   * @param temperature the sampling temperature
   * @param referenceSolutions whether to write reference solutions
   * @param listener null becomes {@link ProgressListener#NONE}
   * @param simulatedNow may be null
   * @param keepUntrusted whether to keep tasks with untrusted verifiers
   * @throws NullPointerException if the model or the output directory is missing
   * @throws IllegalArgumentException if a count is out of range
   */
  public PipelineOptions {
    Objects.requireNonNull(model, "model: set the model that writes the environments");
    Objects.requireNonNull(outputDir, "outputDir: set where the gen_*.jsonl files go");
    if (tasksPerScenario < 1) throw new IllegalArgumentException("tasksPerScenario must be >= 1");
    if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
    verifierMode = verifierMode == null ? VerifierMode.CODE : verifierMode;
    listener = listener == null ? ProgressListener.NONE : listener;
  }

  /**
   * {@code s} with its simulated now: its own, else {@link #simulatedNow()}, else 09:00 UTC today.
   *
   * @param s a scenario entering the pipeline
   * @return {@code s} if it has a simulated now, else a copy with the one these options give
   */
  public Scenario pinned(Scenario s) {
    if (s.simulatedNow().isPresent()) return s;
    return s.withSimulatedNow(simulatedNow != null ? simulatedNow : LocalDate.now(ZoneOffset.UTC).atTime(9, 0));
  }

  /** {@return a new builder with the defaults; the model and the output directory must be set} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a new builder holding every option of these} */
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

    /**
     * Sets the model that writes everything (required).
     *
     * @param m the model
     * @return this builder
     */
    public Builder model(ChatModel m) { this.model = m; return this; }
    /**
     * Sets the embedding model for scenario de-duplication (required for {@link Stage#SCENARIOS}).
     *
     * @param e the embedding model
     * @return this builder
     */
    public Builder embeddings(EmbeddingModel e) { this.embeddings = e; return this; }
    /**
     * Sets the judge of sql-mode verifiers (default none).
     *
     * @param j the judge, or null
     * @return this builder
     */
    public Builder judge(Judge j) { this.judge = j; return this; }
    /**
     * Sets where the gen_*.jsonl files are written and resumed from (required).
     *
     * @param dir the output directory
     * @return this builder
     */
    public Builder outputDir(Path dir) { this.outputDir = dir; return this; }
    /**
     * Sets how many tasks each scenario gets (default 10).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder tasksPerScenario(int n) { this.tasksPerScenario = n; return this; }
    /**
     * Sets how many retries a stage gets after its first attempt (default 4).
     *
     * @param n 0 or more
     * @return this builder
     */
    public Builder retries(int n) { this.retries = n; return this; }
    /**
     * Sets how many scenarios (and tasks) are worked on at once (default 8).
     *
     * @param n at least 1
     * @return this builder
     */
    public Builder concurrency(int n) { this.concurrency = n; return this; }
    /**
     * Sets the mode of the verifiers written (default {@link VerifierMode#CODE}).
     *
     * @param m the mode
     * @return this builder
     */
    public Builder verifierMode(VerifierMode m) { this.verifierMode = m; return this; }
    /**
     * Sets the largest share of failed inserts with which sample data is kept after the retries (default
     * 0.1).
     *
     * @param r a share, 0 to 1
     * @return this builder
     */
    public Builder maxFailedInsertRatio(double r) { this.maxFailedInsertRatio = r; return this; }
    /**
     * Sets the sampling temperature of every request (default 1.0).
     *
     * @param t the temperature
     * @return this builder
     */
    public Builder temperature(double t) { this.temperature = t; return this; }
    /**
     * Sets whether the verifier step also writes and replays reference solutions (default true).
     *
     * @param on true to write them
     * @return this builder
     */
    public Builder referenceSolutions(boolean on) { this.referenceSolutions = on; return this; }
    /**
     * Sets who is told about progress (default none).
     *
     * @param l the listener
     * @return this builder
     */
    public Builder listener(ProgressListener l) { this.listener = l; return this; }
    /**
     * Sets the simulated now of scenarios that carry none (default: 09:00 UTC on the day they enter).
     *
     * @param now the moment (UTC), or null for the default
     * @return this builder
     */
    public Builder simulatedNow(LocalDateTime now) { this.simulatedNow = now; return this; }
    /**
     * Sets whether a task whose verifier fails its cross-examination is kept, marked untrusted (default
     * false).
     *
     * @param keep true to keep such tasks
     * @return this builder
     */
    public Builder keepUntrusted(boolean keep) { this.keepUntrusted = keep; return this; }

    /**
     * {@return the options}
     *
     * @throws NullPointerException if the model or the output directory is missing
     * @throws IllegalArgumentException if a count is out of range
     */
    public PipelineOptions build() {
      return new PipelineOptions(model, embeddings, judge, outputDir, tasksPerScenario, retries, concurrency, verifierMode,
          maxFailedInsertRatio, temperature, referenceSolutions, listener, simulatedNow, keepUntrusted);
    }
  }
}
