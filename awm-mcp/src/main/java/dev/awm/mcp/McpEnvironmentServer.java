package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.verify.RewardPolicy;
import dev.awm.verify.TaskVerifiers;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link Environment} over MCP's Streamable HTTP transport, at
 * {@code http://127.0.0.1:PORT/mcp} by default, on an embedded Jetty.
 *
 * <p>Every MCP session gets its own {@link dev.awm.runtime.EnvironmentHandle}: agents connected at
 * once never see each other's writes. A session ends, and its handle is closed, when its client
 * sends HTTP DELETE, when it has been idle for the idle timeout, or when the server closes. At most
 * {@code maxSessions} live at once; past that, {@code initialize} is answered with HTTP 503 and a
 * message saying so.
 *
 * <p>Every environment tool is listed with its description and input schema. A call that fails (an
 * unknown tool, bad arguments, a tool that refuses or breaks) is a tool result with {@code isError}
 * and the handle's message, never a JSON-RPC error; the result's {@code _meta} carries the kind
 * under {@code dev.awm/kind}: the {@link dev.awm.runtime.ToolResult.Kind} in lower case ({@code ok},
 * {@code bad_request}, {@code tool_error}, ...).
 *
 * <p>Safe by default: it binds 127.0.0.1, refuses requests whose Origin is not a local one (and,
 * when bound to a loopback address, whose Host is not local: DNS rebinding), and session ids are
 * random UUIDs from a cryptographically strong generator. Episode control for trainers
 * ({@code awm_reset}, {@code awm_reward}) is off unless {@link Builder#episodeControl(boolean)}.
 *
 * <pre>{@code
 * try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).port(0).build().start()) {
 *   URI url = server.url();   // http://127.0.0.1:41234/mcp
 *   ...
 * }
 * }</pre>
 *
 * <p><b>Many environments.</b> Built with {@link #builder(EnvironmentCatalog)}, it serves every
 * environment of the catalog, each at its own endpoint {@code /mcp/NAME} ({@link #url(String)}),
 * compiling one on its first session and keeping at most the catalog's bound compiled (see
 * {@link EnvironmentCatalog}). A session is used, and deleted, at its environment's endpoint only: a
 * request with its id at another path gets 404 and leaves it as it was. Either way it answers {@code GET /healthz}, {@code /readyz},
 * {@code /environments} and {@code /stats} for operators (health, readiness, what is served, counts).
 */
public final class McpEnvironmentServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpEnvironmentServer.class);

  /** Origins accepted by default: pages served from this machine. */
  public static final List<String> LOCAL_ORIGINS = List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
      "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");
  /** The default of {@link Builder#maxRequestBytes(long)}: 2 MiB. */
  public static final long DEFAULT_MAX_REQUEST_BYTES = 2L << 20;
  /**
   * The system property that turns the transport's fast path for tool calls off when {@code false}
   * (every request then goes through the MCP SDK's pipeline; the answers are the same): for benchmarks.
   */
  public static final String FAST_PATH_PROPERTY = "awm.mcp.fastPath";
  /** Host headers accepted by default when the server is bound to a loopback address. */
  public static final List<String> LOCAL_HOSTS = List.of("localhost:*", "127.0.0.1:*", "[::1]:*");

  private final ServerOptions options;
  private final DefaultServerTransportSecurityValidator validator;
  private final EpisodeControl episodeControl;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;
  private final ServerStats stats = new ServerStats();
  private ServerRun run;

  private McpEnvironmentServer(ServerOptions options) {
    this.options = options;
    this.validator = options.validator();
    this.episodeControl = options.catalog() != null ? null
        : ServerWiring.episodeControl(options.environment(), options.episodeControl(), options.verifiers(), options.rewardPolicy());
  }

  /**
   * A builder for a server of {@code environment}.
   *
   * @param environment the one environment to serve; not null
   * @return a new builder with the default options
   */
  public static Builder builder(Environment environment) {
    return new Builder(Objects.requireNonNull(environment, "environment"), null);
  }

  /**
   * A builder for a server of every environment of {@code catalog}, each at {@code /mcp/NAME}.
   *
   * @param catalog the environments to serve; not null
   * @return a new builder with the default options
   */
  public static Builder builder(EnvironmentCatalog catalog) {
    return new Builder(null, Objects.requireNonNull(catalog, "catalog"));
  }

  /**
   * Starts listening; returns this server.
   *
   * @return this server
   * @throws UncheckedIOException naming the address if the server cannot listen (port in use...)
   * @throws IllegalStateException if it was started already
   */
  public synchronized McpEnvironmentServer start() {
    if (closing) throw new IllegalStateException("the MCP server of " + options.name() + " is closed");
    if (run != null) throw new IllegalStateException("the MCP server of " + options.name() + " was started already");
    run = new ServerRun(options, validator, episodeControl, stats, () -> !closing);
    try {
      run.start();
    } catch (Exception e) {
      close();
      throw new UncheckedIOException(new java.io.IOException("cannot serve " + options.name() + " on "
          + options.host() + ":" + options.port() + ": " + e.getMessage(), e));
    }
    LOG.info("serving {} over MCP at {}", options.name(), options.catalog() == null ? url() : url() + "/NAME");
    return this;
  }

  /**
   * The endpoint, for example {@code http://127.0.0.1:41234/mcp} (the port actually bound once started).
   *
   * @return the endpoint's URL; a wildcard bind address is shown as {@code 127.0.0.1}
   */
  public URI url() {
    return options.url(port());
  }

  /** What the started server runs (its Jetty, front loop and sessions), null before {@link #start()} (for tests). */
  ServerRun running() {
    return run;
  }

  /**
   * The port bound (the one asked for, or the one chosen for port 0), or -1 before {@link #start()}.
   *
   * @return the port, or -1 before {@link #start()}
   */
  public synchronized int port() {
    return run == null ? -1 : run.port();
  }

  /**
   * The endpoint of environment {@code name} in a server of many, for example
   * {@code http://127.0.0.1:41234/mcp/e_commerce}; the one endpoint of a server of one.
   *
   * @param name an environment's name
   * @return that environment's endpoint's URL
   */
  public URI url(String name) {
    return options.catalog() == null ? url() : URI.create(url() + "/" + name);
  }

  /**
   * The environment served, or null for a server of many ({@link #catalog()}).
   *
   * @return the environment, or null
   */
  public Environment environment() {
    return options.environment();
  }

  /**
   * The environments served by a server of many, or null for a server of one.
   *
   * @return the catalog, or null
   */
  public EnvironmentCatalog catalog() {
    return options.catalog();
  }

  /**
   * How many MCP sessions are live now (each holds one handle).
   *
   * @return the number of live sessions; 0 before {@link #start()}
   */
  public synchronized int liveSessions() {
    return run == null ? 0 : run.registry().size();
  }

  /**
   * Blocks until the server has been closed.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops listening, ends every session and closes their handles. Idempotent. */
  @Override
  public synchronized void close() {
    if (closing) return;
    closing = true;
    try {
      if (run != null) {
        run.stop();
        LOG.info("MCP server of {} closed", options.name());
      }
    } finally {
      closed.countDown();
    }
  }

  /** Options of an {@link McpEnvironmentServer}; not thread-safe. */
  public static final class Builder {
    private final Environment environment;
    private final EnvironmentCatalog catalog;
    private RewardPolicy rewardPolicy;
    private String host = "127.0.0.1";
    private int port = 0;
    private String path = "/mcp";
    private int maxSessions = 1024;
    private Duration idleTimeout = Duration.ofMinutes(10);
    private boolean episodeControl;
    private TaskVerifiers verifiers;
    private List<String> allowedOrigins = LOCAL_ORIGINS;
    private List<String> allowedHosts;
    private int maxThreads = 200;
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private String nodeId;
    private java.nio.file.Path runDirectory;
    private boolean fastPath = !"false".equalsIgnoreCase(System.getProperty(FAST_PATH_PROPERTY));

    private Builder(Environment environment, EnvironmentCatalog catalog) {
      this.environment = environment;
      this.catalog = catalog;
    }

    /** The options as they are now. */
    private ServerOptions options() {
      return new ServerOptions(environment, catalog, host, port, path, maxSessions, idleTimeout, episodeControl, verifiers, rewardPolicy,
          allowedOrigins, allowedHosts, maxThreads, maxRequestBytes, nodeId, runDirectory, fastPath);
    }

    /**
     * The address to bind (default {@code 127.0.0.1}); {@code 0.0.0.0} exposes the server to the network.
     *
     * @param host a host name or IP address; not null
     * @return this builder
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The port (default 0: any free port, see {@link McpEnvironmentServer#port()}).
     *
     * @param port 0 to 65535; 0 picks a free port
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
      this.port = port;
      return this;
    }

    /**
     * The endpoint's path (default {@code /mcp}).
     *
     * @param path the path; it starts with {@code /}, names something, and has no {@code *}
     * @return this builder
     * @throws IllegalArgumentException if {@code path} is null or not such a path
     */
    public Builder path(String path) {
      if (path == null || !path.startsWith("/") || path.length() < 2 || path.contains("*")) {
        throw new IllegalArgumentException("path must start with '/' and name the endpoint, e.g. /mcp; got " + path);
      }
      this.path = path;
      return this;
    }

    /**
     * The most sessions (so handles) live at once (default 1,024).
     *
     * @param maxSessions at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSessions} is less than 1
     */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
      this.maxSessions = maxSessions;
      return this;
    }

    /**
     * A session with no request for this long is closed with its handle (default 10 minutes; zero: never).
     *
     * @param idleTimeout the idle time; zero means sessions never expire
     * @return this builder
     * @throws IllegalArgumentException if {@code idleTimeout} is null or negative
     */
    public Builder idleTimeout(Duration idleTimeout) {
      if (idleTimeout == null || idleTimeout.isNegative()) throw new IllegalArgumentException("idleTimeout must be zero or positive");
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Serve the trainer's tools {@code awm_reset} and {@code awm_reward} (arguments {@code task},
     * {@code final_answer}) on each session's handle (default false). They are callable but not
     * listed, so an agent's tool list stays the environment's.
     *
     * @param enabled true to serve {@code awm_reset} and {@code awm_reward}
     * @return this builder
     */
    public Builder episodeControl(boolean enabled) {
      this.episodeControl = enabled;
      return this;
    }

    /**
     * The verifiers {@code awm_reward} uses (default: the environment's, compiled on build; set one with a
     * judge for sql mode).
     *
     * @param verifiers compiled verifiers of the served environment; not null
     * @return this builder
     */
    public Builder verifiers(TaskVerifiers verifiers) {
      this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
      return this;
    }

    /**
     * The reward map {@code awm_reward} values outcomes with (default: the verifiers' own, complete 1.0
     * and everything else 0.0; {@link RewardPolicy#openEnv()} or {@link RewardPolicy#parse} for others).
     *
     * @param policy the policy; not null
     * @return this builder
     */
    public Builder rewardPolicy(RewardPolicy policy) {
      this.rewardPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Origins accepted (default {@link #LOCAL_ORIGINS}; "scheme://host:*" matches any port). Requests
     * without Origin are accepted.
     *
     * @param origins the accepted {@code Origin} values, such as {@code http://localhost:*}
     * @return this builder
     */
    public Builder allowedOrigins(List<String> origins) {
      this.allowedOrigins = List.copyOf(origins);
      return this;
    }

    /**
     * Host headers accepted (default: {@link #LOCAL_HOSTS} when bound to loopback, any otherwise).
     *
     * @param hosts the accepted {@code Host} header values
     * @return this builder
     */
    public Builder allowedHosts(List<String> hosts) {
      this.allowedHosts = List.copyOf(hosts);
      return this;
    }

    /**
     * The most request threads (default 200).
     *
     * @param maxThreads at least 8
     * @return this builder
     * @throws IllegalArgumentException if {@code maxThreads} is less than 8
     */
    public Builder maxThreads(int maxThreads) {
      if (maxThreads < 8) throw new IllegalArgumentException("maxThreads must be at least 8, got " + maxThreads);
      this.maxThreads = maxThreads;
      return this;
    }

    /**
     * The most bytes one HTTP request's body may have (default 2 MiB: a tool call's arguments, with
     * room above the 1 MiB a tool may write per value); a larger one gets HTTP 413, its rest read and
     * discarded up to four times the limit (at least 1 MiB) so that the client sees the 413, and a
     * body declared larger than that is refused unread.
     * Together with {@link #maxThreads(int)} it bounds the memory requests in flight can take.
     *
     * @param bytes the limit; at least 1 KiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 1 KiB
     */
    public Builder maxRequestBytes(long bytes) {
      if (bytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 1 KiB, got " + bytes);
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * Keeps a run directory per session under {@code root}, as the reference's server does:
     * {@code root/ENVIRONMENT/SESSION/} with {@code initial.db} (written when the session opens its
     * database, at its first tool call), {@code server.log} (a line per tool call) and {@code final.db}
     * (when the session ends). Default: none.
     *
     * @param root the directory under which the run directories are kept; not null
     * @return this builder
     */
    public Builder runDirectory(java.nio.file.Path root) {
      this.runDirectory = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * This server's node id when several serve behind one proxy (default none): every session id
     * it hands out starts with {@code NODE.}, so the proxy can route a session's requests to it
     * (see docs/kubernetes.md); a session id naming another node gets 404.
     *
     * @param nodeId this server's node id
     * @return this builder
     * @throws IllegalArgumentException unless 1-63 letters, digits, '-' or '_'
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = NodeSessionIds.check(nodeId);
      return this;
    }

    /**
     * Whether tool calls and tool lists of live sessions are answered by the transport's fast path
     * (default true, or the system property {@value McpEnvironmentServer#FAST_PATH_PROPERTY}) or,
     * like everything else, by the SDK; for tests and benchmarks that compare the two.
     */
    Builder fastPath(boolean enabled) {
      this.fastPath = enabled;
      return this;
    }

    /**
     * Builds the server (not yet listening: call {@link McpEnvironmentServer#start()}).
     *
     * @return the server
     * @throws IllegalArgumentException if episode control is on and the environment has a tool of
     *     the same name, or the verifiers belong to another environment
     */
    public McpEnvironmentServer build() {
      return new McpEnvironmentServer(options());
    }
  }
}
