package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP tool specifications of one environment: one per environment tool (name, description and
 * input schema from its {@link ToolDescriptor}), the hidden fallback that turns a call of an unknown
 * tool into an error result (see {@link UnknownToolRouting}), and, when enabled, the episode-control
 * tools. Every call runs on the handle of the calling session, found by {@code handles}.
 */
final class EnvironmentTools {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentTools.class);

  /** The result metadata key carrying the {@link ToolResult.Kind} in lower case. */
  static final String KIND_META = "dev.awm/kind";

  private final Environment environment;
  private final Function<String, EnvironmentHandle> handles;
  private final EpisodeControl episodeControl;
  private final String fallbackName;
  private final ServerStats stats;

  /**
   * @param handles the handle of a session id; null when the session is gone
   * @param episodeControl the episode-control tools, or null when disabled
   * @param stats counts calls and failed calls (null: not counted)
   */
  EnvironmentTools(Environment environment, Function<String, EnvironmentHandle> handles, EpisodeControl episodeControl, ServerStats stats) {
    this.stats = stats;
    this.environment = environment;
    this.handles = handles;
    this.episodeControl = episodeControl;
    if (episodeControl != null) {
      for (String name : EpisodeControl.NAMES) {
        if (environment.tool(name).isPresent()) {
          throw new IllegalArgumentException("environment '" + environment.name() + "' has a tool named '" + name
              + "', which episode control also uses; serve it without episode control");
        }
      }
    }
    String fallback = "awm_unknown_tool";
    while (environment.tool(fallback).isPresent()) fallback = "_" + fallback;
    this.fallbackName = fallback;
  }

  /** The name of the hidden tool that answers calls of unknown tools. */
  String fallbackName() {
    return fallbackName;
  }

  /** Names callable but not listed by {@code tools/list}. */
  Set<String> hiddenNames() {
    if (episodeControl == null) return Set.of(fallbackName);
    Set<String> names = new HashSet<>(EpisodeControl.NAMES);
    names.add(fallbackName);
    return Set.copyOf(names);
  }

  /** Whether {@code name} is a tool a client may call by name (the fallback is not one). */
  boolean isKnown(String name) {
    return name != null && (environment.tool(name).isPresent() || (episodeControl != null && EpisodeControl.NAMES.contains(name)));
  }

  /** All specifications to register. */
  List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (ToolDescriptor d : environment.tools()) {
      specs.add(spec(d.name(), d.description(), d.inputSchema(), (handle, req) -> handle.callTool(d.name(), req.arguments())));
    }
    specs.add(spec(fallbackName, "Answers calls of tools this server does not have (not listed).",
        Map.of("type", "object"), this::fallback));
    if (episodeControl != null) {
      specs.add(spec(EpisodeControl.RESET, EpisodeControl.RESET_DESCRIPTION, EpisodeControl.RESET_SCHEMA,
          (handle, req) -> episodeControl.reset(handle, req.arguments())));
      specs.add(spec(EpisodeControl.REWARD, EpisodeControl.REWARD_DESCRIPTION, EpisodeControl.REWARD_SCHEMA,
          (handle, req) -> episodeControl.reward(handle, req.arguments())));
    }
    return specs;
  }

  private ToolResult fallback(EnvironmentHandle handle, CallToolRequest request) {
    String name = UnknownToolRouting.requestedName(request);
    String unreadable = UnknownToolRouting.unreadable(request);
    if (unreadable != null) return ToolResult.error(name, ToolResult.Kind.BAD_REQUEST, unreadable);
    // the handle names the unknown tool as it does in process
    return handle.callTool(name == null ? "" : name, request.arguments());
  }

  /** What a tool does with the caller's handle. */
  @FunctionalInterface
  interface Call {
    ToolResult apply(EnvironmentHandle handle, CallToolRequest request);
  }

  private SyncToolSpecification spec(String name, String description, Map<String, Object> schema, Call call) {
    McpSchema.Tool tool = McpSchema.Tool.builder(name, schema).description(description).build();
    return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> run(name, exchange, request, call)).build();
  }

  private CallToolResult run(String name, McpSyncServerExchange exchange, CallToolRequest request, Call call) {
    CallToolResult r = call(name, exchange, request, call);
    if (stats != null) {
      stats.called(environment.name(), Boolean.TRUE.equals(r.isError()));
      SessionRuns runs = stats.runs;
      if (runs != null) {
        String text = r.content() == null || r.content().isEmpty() || !(r.content().get(0) instanceof McpSchema.TextContent t) ? "" : t.text();
        runs.called(exchange.sessionId(), environment.name(), name, request.arguments(), Boolean.TRUE.equals(r.isError()), text);
      }
    }
    return r;
  }

  private CallToolResult call(String name, McpSyncServerExchange exchange, CallToolRequest request, Call call) {
    EnvironmentHandle handle = handles.apply(exchange.sessionId());
    if (handle == null) {
      return toResult(ToolResult.error(name, ToolResult.Kind.BAD_REQUEST,
          "this MCP session is closed (deleted or idle for too long); start a new session"));
    }
    try {
      return toResult(call.apply(handle, request));
    } catch (RuntimeException e) {
      if (handle.isClosed()) {
        // the session was deleted or expired while the call waited for its handle
        return toResult(ToolResult.error(name, ToolResult.Kind.BAD_REQUEST, "this MCP session was closed during the call; start a new session"));
      }
      LOG.warn("environment '{}': tool '{}' failed outside the handle's contract", environment.name(), name, e);
      return toResult(ToolResult.error(name, ToolResult.Kind.TOOL_FAILURE, "tool '" + name + "' failed: " + e));
    }
  }

  /** A tool result as MCP sees it: its JSON text, isError, and the kind in the result's metadata. */
  static CallToolResult toResult(ToolResult r) {
    return CallToolResult.builder()
        .addTextContent(r.content())
        .isError(r.isError())
        .meta(Map.of(KIND_META, r.kind().name().toLowerCase(Locale.ROOT)))
        .build();
  }
}
