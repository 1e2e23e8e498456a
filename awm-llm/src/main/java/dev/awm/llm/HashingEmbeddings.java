package dev.awm.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Offline embeddings: a normalized bag of words hashed into a fixed number of dimensions. Texts
 * sharing most of their words come out close; unrelated texts far apart. Deterministic and
 * dependency-free: the offline default and the test double of the embeddings API, not a substitute
 * for a real embedding model's sense of meaning. Thread-safe.
 */
public final class HashingEmbeddings implements EmbeddingModel {
  private final int dimensions;

  /**
   * Embeddings of {@code dimensions} dimensions.
   *
   * @param dimensions the length of each vector; at least 8
   * @throws IllegalArgumentException if {@code dimensions} is less than 8
   */
  public HashingEmbeddings(int dimensions) {
    if (dimensions < 8) throw new IllegalArgumentException("dimensions must be >= 8");
    this.dimensions = dimensions;
  }

  /** Embeddings of 512 dimensions. */
  public HashingEmbeddings() {
    this(512);
  }

  @Override
  public List<float[]> embed(List<String> inputs) {
    List<float[]> out = new ArrayList<>(inputs.size());
    for (String text : inputs) {
      float[] v = new float[dimensions];
      for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
        if (word.length() < 3) continue;
        int h = word.hashCode();
        v[Math.floorMod(h, dimensions)] += (h & 0x10000) == 0 ? 1f : -1f;
      }
      double norm = 0;
      for (float x : v) norm += x * x;
      if (norm > 0) for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(norm);
      out.add(v);
    }
    return out;
  }

  @Override
  public String toString() {
    return "bag-of-words hashing (" + dimensions + " dimensions)";
  }
}
