package dev.awm.mcp;

import dev.awm.runtime.Environment;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Hands the SDK's Streamable HTTP transport a session factory that opens each session through the
 * {@link SessionRegistry}, so that every MCP session gets its own environment handle (of the
 * registry's environment, or of {@code environment} in a server of many, whose sessions keep it
 * compiled through {@code lease}). Everything else goes to the transport unchanged.
 */
final class SessionTrackingProvider implements McpStreamableServerTransportProvider {
  private final McpStreamableServerTransportProvider transport;
  private final SessionRegistry registry;
  private final Environment environment;
  private final CompiledEnvironments.Lease lease;

  SessionTrackingProvider(McpStreamableServerTransportProvider transport, SessionRegistry registry) {
    this(transport, registry, null, null);
  }

  SessionTrackingProvider(McpStreamableServerTransportProvider transport, SessionRegistry registry, Environment environment,
      CompiledEnvironments.Lease lease) {
    this.transport = transport;
    this.registry = registry;
    this.environment = environment;
    this.lease = lease;
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    transport.setSessionFactory(environment == null ? request -> registry.open(request, factory)
        : request -> registry.open(request, factory, environment, lease::retain, lease::release));
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
