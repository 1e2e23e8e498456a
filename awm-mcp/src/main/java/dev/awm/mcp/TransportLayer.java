package dev.awm.mcp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;

/**
 * The HTTP layer in front of the SDK's Streamable HTTP servlet, in request order:
 * {@link StreamableHttpChecks} (what the specification asks of a request), {@link NodeSessionIds}
 * (when the server has a node id), {@link SessionGate} (live sessions, the bound, Origin and Host),
 * {@link ResumableStreams} (event ids, priming, {@code Last-Event-ID}); and
 * {@link JsonRpcErrorHandler} for the container's own error answers.
 */
final class TransportLayer {
  private TransportLayer() {}

  /** Installs the filters on {@code context} for {@code path}, and the error handler on both. */
  static ResumableStreams install(Server jetty, ServletContextHandler context, String path, SessionGate gate,
      List<String> protocolVersions, long maxRequestBytes, String nodeId) {
    ResumableStreams streams = new ResumableStreams();
    add(context, path, new StreamableHttpChecks(protocolVersions, maxRequestBytes));
    if (nodeId != null) add(context, path, new NodeSessionIds(nodeId));
    add(context, path, gate);
    add(context, path, streams);
    JsonRpcErrorHandler errors = new JsonRpcErrorHandler(path, maxRequestBytes);
    jetty.setErrorHandler(errors);
    context.setErrorHandler(errors);
    return streams;
  }

  private static void add(ServletContextHandler context, String path, Filter filter) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, path, EnumSet.of(DispatcherType.REQUEST));
  }
}
