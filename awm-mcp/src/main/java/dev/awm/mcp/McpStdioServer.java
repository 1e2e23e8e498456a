package dev.awm.mcp;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.TaskVerifiers;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link Environment} over MCP's stdio transport: newline-delimited JSON-RPC on an input
 * and an output stream (a process's stdin and stdout). One client, so one session and one
 * {@link EnvironmentHandle}, closed when the input ends or the server is closed. Tools, error
 * results and episode control are as in {@link McpEnvironmentServer}.
 *
 * <p>Nothing but protocol messages may be written to the output: when serving on
 * {@code System.out}, send logging to stderr (slf4j-simple's default).
 *
 * <pre>{@code
 * McpStdioServer.builder(env).build().serve(System.in, System.out);   // returns when stdin ends
 * }</pre>
 */
public final class McpStdioServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(McpStdioServer.class);

  private final Environment environment;
  private final EpisodeControl episodeControl;
  private final CountDownLatch ended = new CountDownLatch(1);
  private EnvironmentHandle handle;
  private McpSyncServer mcpServer;
  private boolean closed;

  private McpStdioServer(Builder b) {
    this.environment = b.environment;
    this.episodeControl = ServerWiring.episodeControl(environment, b.episodeControl, b.verifiers, b.rewardPolicy);
  }

  /**
   * A builder for a stdio server of {@code environment}.
   *
   * @param environment the environment to serve; not null
   * @return a new builder with the default options
   */
  public static Builder builder(Environment environment) {
    return new Builder(environment);
  }

  /**
   * Starts serving on {@code in} and {@code out} in the background; returns this server.
   *
   * @param in where the client's messages come from
   * @param out where the server's messages go
   * @return this server
   * @throws IllegalStateException if it was started already
   */
  public synchronized McpStdioServer start(InputStream in, OutputStream out) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    if (handle != null || closed) throw new IllegalStateException("a stdio server serves one client once");
    EnvironmentHandle h = environment.newHandle();
    handle = h;
    InputStream watched = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        return noteEnd(super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return noteEnd(super.read(b, off, len));
      }

      private int noteEnd(int n) {
        if (n < 0) ended.countDown();
        return n;
      }
    };
    StdioServerTransportProvider transport = new StdioServerTransportProvider(ServerWiring.baseMapper(), watched, out);
    mcpServer = ServerWiring.build(McpServer.sync(transport), environment, sessionId -> h.isClosed() ? null : h, episodeControl);
    LOG.info("serving environment '{}' over MCP stdio", environment.name());
    return this;
  }

  /**
   * Serves on {@code in} and {@code out} until {@code in} ends, then closes.
   *
   * @param in where the client's messages come from
   * @param out where the server's messages go
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    start(in, out);
    try {
      awaitEnd();
    } finally {
      close();
    }
  }

  /**
   * Blocks until the input has ended or the server was closed.
   *
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public void awaitEnd() throws InterruptedException {
    ended.await();
  }

  /**
   * {@link #awaitEnd()} for at most {@code timeout}; true if it ended.
   *
   * @param timeout how long to wait at most, in {@code unit}s
   * @param unit the unit of {@code timeout}
   * @return true if the input ended or the server was closed in time, false if the time ran out
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
    return ended.await(timeout, unit);
  }

  /**
   * The session's handle (null before {@link #start}); for inspection and tests.
   *
   * @return the handle of the one session, or null before {@link #start}
   */
  public synchronized EnvironmentHandle handle() {
    return handle;
  }

  /** Stops serving and closes the handle. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    ended.countDown();
    if (mcpServer != null) {
      try {
        mcpServer.closeGracefully();
      } catch (RuntimeException e) {
        LOG.debug("closing the stdio server of '{}': {}", environment.name(), e.toString());
      }
    }
    if (handle != null) handle.close();
  }

  /** Options of an {@link McpStdioServer}; not thread-safe. */
  public static final class Builder {
    private final Environment environment;
    private boolean episodeControl;
    private TaskVerifiers verifiers;
    private dev.awm.verify.RewardPolicy rewardPolicy;

    private Builder(Environment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Serve {@code awm_reset} and {@code awm_reward} (default false); see {@link
     * McpEnvironmentServer.Builder#episodeControl}.
     *
     * @param enabled true to serve {@code awm_reset} and {@code awm_reward}
     * @return this builder
     */
    public Builder episodeControl(boolean enabled) {
      this.episodeControl = enabled;
      return this;
    }

    /**
     * The reward map {@code awm_reward} values outcomes with; see {@link
     * McpEnvironmentServer.Builder#rewardPolicy}.
     *
     * @param policy the policy; not null
     * @return this builder
     */
    public Builder rewardPolicy(dev.awm.verify.RewardPolicy policy) {
      this.rewardPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The verifiers {@code awm_reward} uses (default: the environment's).
     *
     * @param verifiers compiled verifiers of the served environment; not null
     * @return this builder
     */
    public Builder verifiers(TaskVerifiers verifiers) {
      this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
      return this;
    }

    /**
     * Builds the server (not yet serving: call {@link McpStdioServer#start} or {@link
     * McpStdioServer#serve}).
     *
     * @return the server
     */
    public McpStdioServer build() {
      return new McpStdioServer(this);
    }
  }
}
