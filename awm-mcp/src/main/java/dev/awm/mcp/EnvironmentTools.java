package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolDescriptor;
import dev.awm.runtime.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
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
  private final List<McpSchema.Tool> tools = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile String toolsList;

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

  /** The environment whose tools these are. */
  Environment environment() {
    return environment;
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
    tools.clear();
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
    tools.add(tool);
    return SyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> toResult(invoke(name, exchange.sessionId(), request.arguments(), handle -> call.apply(handle, request))))
        .build();
  }

  /**
   * Answers a {@code tools/call} of tool {@code requested} with {@code arguments} for session
   * {@code sessionId} as the SDK's route does (an unknown name goes to the fallback, which the handle
   * answers), without the SDK: the transport's fast path.
   */
  ToolResult call(String sessionId, String requested, Map<String, Object> arguments) {
    if (environment.tool(requested).isPresent()) return invoke(requested, sessionId, arguments, h -> h.callTool(requested, arguments));
    if (episodeControl != null && EpisodeControl.RESET.equals(requested)) {
      return invoke(requested, sessionId, arguments, h -> episodeControl.reset(h, arguments));
    }
    if (episodeControl != null && EpisodeControl.REWARD.equals(requested)) {
      return invoke(requested, sessionId, arguments, h -> episodeControl.reward(h, arguments));
    }
    return invoke(fallbackName, sessionId, arguments, h -> h.callTool(requested, arguments));
  }

  /**
   * The JSON text of the {@code tools/list} result, as the SDK writes it: the listed tools (hidden
   * ones left out), in the order they were registered; built once, after {@link #specifications()}.
   */
  String toolsListJson() {
    String json = toolsList;
    if (json == null) {
      List<McpSchema.Tool> listed = new ArrayList<>();
      Set<String> hidden = hiddenNames();
      for (McpSchema.Tool t : tools) {
        if (!hidden.contains(t.name())) listed.add(t);
      }
      try {
        json = ServerWiring.baseMapper().writeValueAsString(new McpSchema.ListToolsResult(listed, null));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("environment '" + environment.name() + "': writing the tool list", e);
      }
      toolsList = json;
    }
    return json;
  }

  /** Runs {@code call} on the handle of session {@code sessionId} as tool {@code name}, counting it and logging it to the session's run. */
  private ToolResult invoke(String name, String sessionId, Map<String, Object> arguments, Function<EnvironmentHandle, ToolResult> call) {
    ToolResult r = callOn(name, sessionId, call);
    if (stats != null) {
      stats.called(environment.name(), r.isError());
      SessionRuns runs = stats.runs;
      if (runs != null) runs.called(sessionId, environment.name(), name, arguments, r.isError(), r.content() == null ? "" : r.content());
    }
    return r;
  }

  private ToolResult callOn(String name, String sessionId, Function<EnvironmentHandle, ToolResult> call) {
    EnvironmentHandle handle = handles.apply(sessionId);
    if (handle == null) {
      return ToolResult.error(name, ToolResult.Kind.BAD_REQUEST, "this MCP session is closed (deleted or idle for too long); start a new session");
    }
    try {
      return call.apply(handle);
    } catch (RuntimeException e) {
      if (handle.isClosed()) {
        // the session was deleted or expired while the call waited for its handle
        return ToolResult.error(name, ToolResult.Kind.BAD_REQUEST, "this MCP session was closed during the call; start a new session");
      }
      LOG.warn("environment '{}': tool '{}' failed outside the handle's contract", environment.name(), name, e);
      return ToolResult.error(name, ToolResult.Kind.TOOL_FAILURE, "tool '" + name + "' failed: " + e);
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
