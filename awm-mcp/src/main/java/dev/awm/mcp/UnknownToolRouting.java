package dev.awm.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Makes a call of an unknown tool an error <em>result</em> rather than a JSON-RPC error.
 *
 * <p>The SDK answers {@code tools/call} for a name it has no specification for with a protocol
 * error (-32602), which an agent loop usually treats as a crash. This server promises that every
 * failed call is a tool result with {@code isError} and a message the model can read, as
 * {@link dev.awm.runtime.EnvironmentHandle#callTool} does in process. The server decodes a call's
 * parameters with this mapper; when the name is unknown, the decoded request is addressed to a
 * hidden fallback tool (not listed by {@code tools/list}) and carries the requested name in its
 * metadata, and the fallback asks the handle, which answers "unknown tool ..." as a bad request.
 * Parameters that cannot be read at all (arguments that are not an object...), for which the SDK
 * would log an error and never answer, go to the fallback too, with a message saying what is wrong.
 * Everything else is delegated unchanged.
 */
final class UnknownToolRouting implements McpJsonMapper {
  /** Where the requested name travels in the rewritten request's metadata. */
  static final String REQUESTED_TOOL_META = "dev.awm/requestedTool";
  /** Why the call's parameters could not be read, in the rewritten request's metadata. */
  static final String UNREADABLE_META = "dev.awm/unreadable";

  private final McpJsonMapper delegate;
  private final Predicate<String> known;
  private final String fallback;

  UnknownToolRouting(McpJsonMapper delegate, Predicate<String> known, String fallback) {
    this.delegate = delegate;
    this.known = known;
    this.fallback = fallback;
  }

  /** The name the client asked for, for a request the fallback received. */
  static String requestedName(CallToolRequest request) {
    Object name = request.meta() == null ? null : request.meta().get(REQUESTED_TOOL_META);
    return name == null ? null : name.toString();
  }

  /** Why the call could not be read, or null if it could. */
  static String unreadable(CallToolRequest request) {
    Object why = request.meta() == null ? null : request.meta().get(UNREADABLE_META);
    return why == null ? null : why.toString();
  }

  @Override
  public <T> T convertValue(Object fromValue, TypeRef<T> type) {
    if (type.getType() != CallToolRequest.class) return delegate.convertValue(fromValue, type);
    @SuppressWarnings("unchecked")
    T routed = (T) read(fromValue, () -> delegate.convertValue(fromValue, type));
    return routed;
  }

  @Override
  public <T> T convertValue(Object fromValue, Class<T> type) {
    if (type != CallToolRequest.class) return delegate.convertValue(fromValue, type);
    return type.cast(read(fromValue, () -> delegate.convertValue(fromValue, type)));
  }

  private CallToolRequest read(Object params, java.util.function.Supplier<?> conversion) {
    Object value;
    try {
      value = conversion.get();
    } catch (RuntimeException e) {
      return unreadableCall(params);
    }
    return value instanceof CallToolRequest ? route((CallToolRequest) value) : unreadableCall(params);
  }

  private CallToolRequest unreadableCall(Object params) {
    Object name = params instanceof Map ? ((Map<?, ?>) params).get("name") : null;
    Object args = params instanceof Map ? ((Map<?, ?>) params).get("arguments") : null;
    String why = !(params instanceof Map) ? "the params of tools/call must be an object with 'name' and 'arguments'"
        : !(name instanceof String) ? "the params of tools/call need a string 'name'"
        // an unknown name is not repeated: it is the client's input, of any length
        : args != null && !(args instanceof Map) ? "the arguments of " + (known.test((String) name) ? "tool '" + name + "'" : "tools/call")
            + " must be a JSON object"
        : "the params of tools/call could not be read";
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(REQUESTED_TOOL_META, name instanceof String ? name : "");
    meta.put(UNREADABLE_META, why);
    return new CallToolRequest(fallback, null, meta);
  }

  private CallToolRequest route(CallToolRequest request) {
    if (request.name() != null && known.test(request.name())) return request;
    Map<String, Object> meta = request.meta() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(request.meta());
    meta.put(REQUESTED_TOOL_META, request.name() == null ? "" : request.name());
    return new CallToolRequest(fallback, request.arguments(), meta);
  }

  @Override
  public <T> T readValue(String content, Class<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, Class<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(String content, TypeRef<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public <T> T readValue(byte[] content, TypeRef<T> type) throws IOException {
    return delegate.readValue(content, type);
  }

  @Override
  public String writeValueAsString(Object value) throws IOException {
    return delegate.writeValueAsString(value);
  }

  @Override
  public byte[] writeValueAsBytes(Object value) throws IOException {
    return delegate.writeValueAsBytes(value);
  }
}
