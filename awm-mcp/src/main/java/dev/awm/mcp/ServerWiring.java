package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RewardPolicy;
import dev.awm.verify.TaskVerifiers;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Set;
import java.util.function.Function;

/** What the HTTP and the stdio server configure alike on the SDK's server builder. */
final class ServerWiring {
  /** The version this server reports in its server info. */
  static final String VERSION = "0.1.0";

  private ServerWiring() {}

  /** The SDK's JSON mapper (Jackson 3, found by the SDK's service loader). */
  static McpJsonMapper baseMapper() {
    return McpJsonDefaults.getMapper();
  }

  /** The episode control to serve: null when disabled, else {@code verifiers} or the environment's own. */
  static EpisodeControl episodeControl(Environment environment, boolean enabled, TaskVerifiers verifiers) {
    return episodeControl(environment, enabled, verifiers, null);
  }

  /**
   * The episode control to serve: null when disabled, else {@code verifiers} or the environment's
   * own, valuing outcomes with {@code policy} (null: the verifiers' own).
   */
  static EpisodeControl episodeControl(Environment environment, boolean enabled, TaskVerifiers verifiers, RewardPolicy policy) {
    if (!enabled) return null;
    TaskVerifiers v = verifiers == null ? TaskVerifiers.compile(environment) : verifiers;
    if (v.environment() != environment) {
      throw new IllegalArgumentException("the verifiers belong to environment '" + v.environment().name()
          + "', the server to '" + environment.name() + "'");
    }
    return new EpisodeControl(policy == null ? v : v.withPolicy(policy));
  }

  /**
   * Configures {@code spec} to serve {@code environment}'s tools on the handles {@code handles}
   * finds, and builds the server.
   */
  static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(S spec, Environment environment,
      Function<String, EnvironmentHandle> handles, EpisodeControl episodeControl) {
    return build(spec, environment, handles, episodeControl, null);
  }

  /** {@link #build(McpServer.SyncSpecification, Environment, Function, EpisodeControl)} counting calls in {@code stats} (may be null). */
  static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(S spec, Environment environment,
      Function<String, EnvironmentHandle> handles, EpisodeControl episodeControl, ServerStats stats) {
    return build(spec, new EnvironmentTools(environment, handles, episodeControl, stats));
  }

  /** Configures {@code spec} to serve {@code tools} (which the transport's fast path may answer too), and builds the server. */
  static <S extends McpServer.SyncSpecification<S>> McpSyncServer build(S spec, EnvironmentTools tools) {
    Environment environment = tools.environment();
    Set<String> hidden = tools.hiddenNames();
    String description = environment.definition().scenario().description();
    return spec
        .serverInfo("awm-" + environment.name(), VERSION)
        .instructions("The '" + environment.name() + "' environment of awm-java"
            + (description == null || description.isBlank() ? "." : ": " + description)
            + McpToolSession.CLOCK + environment.definition().simulatedNow() + ".")
        .jsonMapper(new UnknownToolRouting(baseMapper(), tools::isKnown, tools.fallbackName()))
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        // the handle checks arguments against the same schema, naming the problem as it does in process
        .validateToolInputs(false)
        // a call is a few microseconds of SQLite: run it on the request's thread (a tool that cannot
        // get stuck then runs right there, under the sandbox's watchdog; any other on a sandbox worker)
        .immediateExecution(true)
        .addToolFilter((context, tool) -> !hidden.contains(tool.name()))
        .tools(tools.specifications())
        .build();
  }
}
