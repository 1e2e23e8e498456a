package dev.awm.mcp;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Hands the SDK's Streamable HTTP transport a session factory that opens each session through the
 * {@link SessionRegistry}, so that every MCP session gets its own environment handle (of the
 * tools' environment; in a server of many, its sessions keep it compiled through {@code lease}),
 * and that the transport's fast path finds the session's tools. Everything else goes to the transport unchanged.
 */
final class SessionTrackingProvider implements McpStreamableServerTransportProvider {
  private final McpStreamableServerTransportProvider transport;
  private final SessionRegistry registry;
  private final EnvironmentTools tools;
  private final CompiledEnvironments.Lease lease;

  /**
   * @param tools the environment's tools, which its sessions' calls go to
   * @param lease keeps the environment compiled while it has sessions (a server of many), or null
   */
  SessionTrackingProvider(McpStreamableServerTransportProvider transport, SessionRegistry registry, EnvironmentTools tools,
      CompiledEnvironments.Lease lease) {
    this.transport = transport;
    this.registry = registry;
    this.tools = tools;
    this.lease = lease;
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    transport.setSessionFactory(lease == null ? request -> registry.open(request, factory, tools.environment(), tools, null, null)
        : request -> registry.open(request, factory, tools.environment(), tools, lease::retain, lease::release));
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return transport.notifyClients(method, params);
  }

  @Override
  public Mono<Void> notifyClient(String sessionId, String method, Object params) {
    return transport.notifyClient(sessionId, method, params);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return transport.closeGracefully();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public List<String> protocolVersions() {
    return transport.protocolVersions();
  }
}
