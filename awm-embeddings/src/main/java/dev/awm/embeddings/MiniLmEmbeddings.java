package dev.awm.embeddings;

import dev.awm.llm.EmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text embeddings computed in process by all-MiniLM-L6-v2 (quantized to 8 bits, 384 dimensions),
 * the sentence model LangChain4j ships with its ONNX weights and tokenizer inside a Maven artifact:
 * no key, no network, no download at run time. The offline stand-in for an embeddings API when
 * scenario generation drops near-duplicates.
 *
 * <p>A text is embedded sentence by sentence (split after {@code . ! ? ; :}), and its vector is the
 * mean of its sentences' vectors weighted by their number of words, scaled to unit length. The
 * model was trained on texts of at most 128 word pieces; a scenario description of 150 to 300
 * words, embedded whole, is past that, and two rewordings of one app then came out less alike than
 * two different apps of the same kind. Weighting by words keeps a scenario's name (a short
 * "sentence" of its own before the colon) from counting as much as a sentence of its description.
 *
 * <p>Its cosine similarities are on another scale than an embeddings API's: rewordings of one app
 * measured 0.77 to 0.92, different apps at most 0.67 (a dental clinic against a vet clinic), so
 * {@link #duplicateThreshold()} is {@value #DUPLICATE_THRESHOLD} rather than the API's 0.85, at which
 * most rewordings would pass as new (the figures, and how they were measured, are in this module's
 * {@code MiniLmEmbeddingsTest}).
 *
 * <p>The model (23 MB of weights, plus ONNX Runtime's and the tokenizer's native libraries) is loaded
 * on the first call to {@link #embed}, not when this object is made, so choosing it costs nothing
 * when no scenario is generated; the loaded model is shared by every instance in the JVM.
 * Thread-safe: several threads may embed at once; the sentences of a batch are spread over a few
 * daemon threads.
 */
public final class MiniLmEmbeddings implements EmbeddingModel {
  /** The cosine similarity from which two scenario descriptions count as near-duplicates for this model. */
  public static final double DUPLICATE_THRESHOLD = 0.72;
  /** The length of every vector. */
  public static final int DIMENSIONS = 384;
  /** The name of the model, as {@link #toString()} gives it. */
  public static final String NAME = "all-MiniLM-L6-v2 (quantized, in process)";

  private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbeddings.class);
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+");
  private static final Pattern WORD_GAP = Pattern.compile("\\s+");

  private final int threads;
  private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

  /** Embeds a batch on up to as many threads as there are processors. */
  public MiniLmEmbeddings() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Embeds a batch on up to {@code threads} threads (at least 1).
   *
   * @param threads the most threads one batch is embedded on; at least 1
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public MiniLmEmbeddings(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1");
    this.threads = threads;
  }

  /**
   * One unit vector of {@value #DIMENSIONS} floats per input, in input order; all sentences of all
   * inputs are embedded as one batch. A blank input gets a vector of zeros (its cosine similarity to
   * anything is 0). The first call loads the model.
   *
   * @throws IllegalStateException when the model or ONNX Runtime cannot be loaded (for example no
   *     native library for this platform)
   */
  @Override
  public List<float[]> embed(List<String> inputs) {
    List<TextSegment> sentences = new ArrayList<>();
    int[] counts = new int[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      for (String sentence : sentences(inputs.get(i))) {
        sentences.add(TextSegment.from(sentence));
        counts[i]++;
      }
    }
    List<Embedding> vectors = sentences.isEmpty() ? List.of() : model().embedAll(sentences).content();
    List<float[]> out = new ArrayList<>(inputs.size());
    int next = 0;
    for (int count : counts) {
      float[] sum = new float[DIMENSIONS];
      for (int k = 0; k < count; k++, next++) {
        float[] v = vectors.get(next).vector();
        int words = WORD_GAP.split(sentences.get(next).text()).length;
        for (int d = 0; d < DIMENSIONS; d++) sum[d] += words * v[d];
      }
      out.add(unit(sum));
    }
    return out;
  }

  /** The sentences of {@code text} that have something to embed: split after . ! ? ; : and white space. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) return out;
    for (String s : SENTENCE_END.split(text)) {
      if (!s.isBlank()) out.add(s.strip());
    }
    return out;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) norm += x * x;
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < v.length; d++) v[d] *= scale;
    }
    return v;
  }

  /** {@value #DUPLICATE_THRESHOLD}: see the class comment. */
  @Override
  public double duplicateThreshold() {
    return DUPLICATE_THRESHOLD;
  }

  /** {@return whether the model has been loaded (by an earlier {@link #embed})} */
  public boolean loaded() {
    return model != null;
  }

  @Override
  public String toString() {
    return NAME;
  }

  private AllMiniLmL6V2QuantizedEmbeddingModel model() {
    AllMiniLmL6V2QuantizedEmbeddingModel m = model;
    if (m != null) return m;
    synchronized (this) {
      if (model == null) {
        long start = System.nanoTime();
        try {
          model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool(threads));
        } catch (RuntimeException | LinkageError e) {
          throw new IllegalStateException("could not load the in-process embedding model " + NAME + ": " + e, e);
        }
        LOG.info("embedding model {} ready in {} ms", NAME, (System.nanoTime() - start) / 1_000_000);
      }
      return model;
    }
  }

  /** Daemon threads that end when idle, so that an embedding model never keeps a JVM alive. */
  private static ExecutorService pool(int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "awm-minilm-" + id + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
