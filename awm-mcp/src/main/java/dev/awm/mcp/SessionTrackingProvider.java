package dev.awm.mcp;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Hands the SDK's Streamable HTTP transport a session factory that opens each session through the
 * {@link SessionRegistry}, so that every MCP session gets its own environment handle. Everything
 * else goes to the transport unchanged.
 */
final class SessionTrackingProvider implements McpStreamableServerTransportProvider {
  private final McpStreamableServerTransportProvider transport;
  private final SessionRegistry registry;

  SessionTrackingProvider(McpStreamableServerTransportProvider transport, SessionRegistry registry) {
    this.transport = transport;
    this.registry = registry;
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory factory) {
    transport.setSessionFactory(request -> registry.open(request, factory));
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
