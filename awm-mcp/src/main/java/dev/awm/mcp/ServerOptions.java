package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.verify.RewardPolicy;
import dev.awm.verify.TaskVerifiers;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options of an {@link McpEnvironmentServer} as its {@link McpEnvironmentServer.Builder} held
 * them when the server was built (see the builder for what each means), and what follows from them.
 *
 * @param environment the one environment served, or null for a server of many
 * @param catalog the environments of a server of many, or null
 * @param allowedHosts the Host headers accepted, or null for the default
 * @param verifiers the verifiers of episode control, or null for the environment's own
 * @param rewardPolicy the reward map of episode control, or null for the verifiers' own
 * @param nodeId the node id prefixing session ids, or null
 * @param runDirectory the root of the sessions' run directories, or null
 */
record ServerOptions(Environment environment, EnvironmentCatalog catalog, String host, int port, String path, int maxSessions,
    Duration idleTimeout, boolean episodeControl, TaskVerifiers verifiers, RewardPolicy rewardPolicy, List<String> allowedOrigins,
    List<String> allowedHosts, int maxThreads, long maxRequestBytes, String nodeId, Path runDirectory, boolean fastPath) {

  ServerOptions {
    if (catalog != null && verifiers != null) throw new IllegalArgumentException("verifiers are for a server of one environment");
  }

  /** The Host headers accepted: those given, else the local ones when bound to a loopback address, else any (empty). */
  List<String> hosts() {
    return allowedHosts != null ? allowedHosts : isLoopback(host) ? McpEnvironmentServer.LOCAL_HOSTS : List.of();
  }

  /** The Origin and Host checks. */
  DefaultServerTransportSecurityValidator validator() {
    return DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).allowedHosts(hosts()).build();
  }

  /** A Host header the validator accepts, for the server's own in-process requests. */
  String hostHeader() {
    List<String> hosts = hosts();
    return hosts.isEmpty() ? "localhost" : hosts.get(0).replaceFirst(":\\*$", "");
  }

  /** What the server serves, in messages: {@code environment 'NAME'} or {@code N environments}. */
  String name() {
    return catalog == null ? "environment '" + environment.name() + "'" : catalog.size() + " environments";
  }

  /** The endpoint's URL with port {@code port}; a wildcard bind address is shown as {@code 127.0.0.1}. */
  URI url(int port) {
    String h = host;
    try {
      if (InetAddress.getByName(h).isAnyLocalAddress()) h = "127.0.0.1";
    } catch (UnknownHostException e) {
      // keep the name as given
    }
    if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
    return URI.create("http://" + h + ":" + port + path);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
