package dev.awm.llm;

import java.util.List;

/** Turns texts into vectors ({@code /v1/embeddings}). Thread-safe. */
@FunctionalInterface
public interface EmbeddingModel {
  /** The cosine similarity used when nothing else is said: the one that suits an embeddings API's vectors. */
  double DEFAULT_DUPLICATE_THRESHOLD = 0.85;

  /**
   * One vector per input, in input order.
   *
   * @param inputs the texts to embed
   * @return one vector per input, in input order
   */
  List<float[]> embed(List<String> inputs);

  /**
   * The cosine similarity from which this model's vectors of two scenario descriptions mark them
   * as near-duplicates; what scenario generation uses unless told otherwise. Models spread texts
   * differently (a small in-process model gives a reworded description a lower similarity than an
   * API model does), so a model that knows its own scale says so here.
   * {@value #DEFAULT_DUPLICATE_THRESHOLD} unless overridden.
   *
   * @return the cosine similarity (between -1 and 1) at or above which two descriptions are near-duplicates
   */
  default double duplicateThreshold() {
    return DEFAULT_DUPLICATE_THRESHOLD;
  }
}
