package dev.awm.cli;

import dev.awm.embeddings.MiniLmEmbeddings;
import dev.awm.llm.CachingChatModel;
import dev.awm.llm.ChatModel;
import dev.awm.llm.EmbeddingModel;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import dev.awm.pipeline.StarterScript;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which model writes: the live model configured by the reference implementation's variables
 * (AWM_SYN_LLM_PROVIDER, OPENAI_API_KEY, ... AWM_SYN_OVERRIDE_MODEL), or, with no key set (or
 * {@code --offline}), the scripted model that answers from the starter pack.
 */
final class ModelChoice {
  @Option(names = "--offline", description = "Use the scripted model (answers from the starter pack) even if a key is set.")
  boolean offline;

  @Option(names = "--model", description = "The model (overrides AWM_SYN_OVERRIDE_MODEL).")
  String model;

  @Option(names = {"--no-cache", "--no_cache"}, description = "Do not record/replay model answers in <output-dir>/.cache.")
  boolean noCache;

  @picocli.CommandLine.Mixin
  TimeoutOptions timeouts = new TimeoutOptions();

  OpenAiClient client;

  /** Whether the live model will be used. */
  boolean live(Map<String, String> env) {
    return !offline && LlmConfig.configuredIn(env);
  }

  ChatModel chatModel(Map<String, String> env, Path outputDir) {
    return chatModel(env, outputDir, StarterScript.model());
  }

  /** The live model (behind the record/replay cache unless --no-cache), or {@code offline} without a key. */
  ChatModel chatModel(Map<String, String> env, Path outputDir, ChatModel offline) {
    if (!live(env)) return offline;
    Map<String, String> e = withModel(env, model);
    timeouts.applyTo(e);
    client = OpenAiClient.create(LlmConfig.fromEnvironment(e));
    return noCache ? client : new CachingChatModel(client, outputDir.resolve(".cache"), client.config().model());
  }

  /** A copy of {@code env} with {@code model} (when not null) as AWM_SYN_OVERRIDE_MODEL: what a --model option does. */
  static Map<String, String> withModel(Map<String, String> env, String model) {
    Map<String, String> e = new HashMap<>(env);
    if (model != null) e.put("AWM_SYN_OVERRIDE_MODEL", model);
    return e;
  }

  /**
   * The embeddings for scenario de-duplication: the live client's when it has an embedding key
   * (EMBEDDING_OPENAI_API_KEY), else all-MiniLM-L6-v2 in process, which loads only when first used
   * (call after {@link #chatModel}).
   */
  EmbeddingModel embeddings() {
    if (client != null && client.config().embeddingApiKey() != null) return client;
    return new MiniLmEmbeddings();
  }

  /** Names the embeddings {@link #embeddings()} gave and the cosine similarity from which they reject a near-duplicate. */
  static String describe(EmbeddingModel embeddings) {
    String which = embeddings instanceof OpenAiClient c
        ? "the embeddings API (" + c.config().embeddingModel() + ")"
        : embeddings + (embeddings instanceof MiniLmEmbeddings ? ", no EMBEDDING_OPENAI_API_KEY set" : "");
    return which + "; near-duplicates at cosine >= " + embeddings.duplicateThreshold();
  }

  /** Names the chosen model (call after {@link #chatModel}). */
  String describe() {
    if (client == null) return "the scripted model (offline: answers from the starter pack; set OPENAI_API_KEY and AWM_SYN_OVERRIDE_MODEL for a live model)";
    return "the live model " + client.config().model();
  }

  void close() {
    if (client != null) client.close();
  }
}
