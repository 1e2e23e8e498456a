package dev.awm.llm;

import java.util.List;

/** Turns texts into vectors ({@code /v1/embeddings}). Thread-safe. */
@FunctionalInterface
public interface EmbeddingModel {
  /** One vector per input, in input order. */
  List<float[]> embed(List<String> inputs);
}
