package dev.awm.llm;

import dev.awm.core.internal.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A record/replay cache on disk in front of another model, keyed by the whole request (model,
 * messages, sampling options, tools, and the purpose): a second run of the same synthesis makes no
 * model calls and gets the same answers. One JSON file per request, written atomically, so a
 * killed run loses only the calls in flight. Thread-safe.
 */
public final class CachingChatModel implements ChatModel {
  private final ChatModel delegate;
  private final Path dir;
  private final String defaultModel;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /**
   * A cache in {@code dir} in front of {@code delegate}.
   *
   * @param delegate the model to ask on a miss
   * @param dir where the cache lives (created if needed)
   * @param defaultModel the model name a request without one stands for (part of the key)
   */
  public CachingChatModel(ChatModel delegate, Path dir, String defaultModel) {
    this.delegate = delegate;
    this.dir = dir;
    this.defaultModel = defaultModel == null ? "" : defaultModel;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Path file = dir.resolve(key(request) + ".json");
    if (Files.exists(file)) {
      try {
        ChatResponse r = read(Files.readString(file, StandardCharsets.UTF_8));
        hits.incrementAndGet();
        return new ChatResponse(r.content(), r.toolCalls(), r.finishReason(), r.usage(), r.model(), true);
      } catch (IOException | RuntimeException e) {
        // an unreadable entry is a miss; it is written again below
      }
    }
    misses.incrementAndGet();
    ChatResponse r = delegate.chat(request);
    write(file, r);
    return r;
  }

  /**
   * Requests answered from the cache.
   *
   * @return the number of requests answered from a recording so far
   */
  public long hits() {
    return hits.get();
  }

  /**
   * Requests passed to the delegate.
   *
   * @return the number of requests passed to the delegate (and recorded) so far
   */
  public long misses() {
    return misses.get();
  }

  /** The cache key: SHA-256 of the request's canonical JSON. */
  String key(ChatRequest r) {
    String model = r.model() == null ? defaultModel : r.model();
    String canonical = OpenAiWire.chatBody(r, model) + "\n" + JsonValues.write(new java.util.TreeMap<>(r.purpose()));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(Path file, ChatResponse r) {
    ObjectNode n = JsonValues.MAPPER.createObjectNode();
    n.put("content", r.content());
    List<Map<String, Object>> calls = new ArrayList<>();
    for (ModelToolCall c : r.toolCalls()) calls.add(Map.of("id", c.id(), "name", c.name(), "arguments", c.arguments()));
    n.set("tool_calls", JsonValues.toNode(calls));
    n.put("finish_reason", r.finishReason()).put("model", r.model());
    n.put("prompt_tokens", r.usage().promptTokens()).put("completion_tokens", r.usage().completionTokens());
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "entry", ".tmp");
      Files.writeString(tmp, JsonValues.MAPPER.writeValueAsString(n), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model cache in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ChatResponse read(String text) {
    JsonNode n = JsonValues.MAPPER.readTree(text);
    List<ModelToolCall> calls = new ArrayList<>();
    for (JsonNode c : n.path("tool_calls")) calls.add(new ModelToolCall(c.path("id").asString(), c.path("name").asString(), c.path("arguments").asString()));
    JsonNode content = n.path("content");
    return new ChatResponse(content.isString() ? content.asString() : null, calls, n.path("finish_reason").asString(""),
        new Usage(n.path("prompt_tokens").asLong(0), n.path("completion_tokens").asLong(0)), n.path("model").asString(""));
  }
}
