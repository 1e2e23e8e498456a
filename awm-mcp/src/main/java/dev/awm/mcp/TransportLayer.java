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
 * {@link FastToolCalls} (the fast path of tool calls, unless turned off),
 * {@link ResumableStreams} (event ids, priming, {@code Last-Event-ID}); and
 * {@link JsonRpcErrorHandler} for the container's own error answers. In front of all of them, outside
 * the servlet layer, {@link FastToolHandler} answers most tool calls (see {@link HttpFront}).
 */
final class TransportLayer {
  private TransportLayer() {}

  /**
   * Installs the filters on {@code context} for {@code mapping} (the endpoint {@code path}, or
   * {@code path/*} when the server has an endpoint per environment), and the error handler on both;
   * {@code fastPath} false leaves every request to the SDK.
   */
  static ResumableStreams install(Server jetty, ServletContextHandler context, String path, String mapping, SessionGate gate,
      List<String> protocolVersions, long maxRequestBytes, String nodeId, SessionRegistry registry, boolean fastPath) {
    ResumableStreams streams = new ResumableStreams();
    add(context, mapping, new StreamableHttpChecks(protocolVersions, maxRequestBytes));
    if (nodeId != null) add(context, mapping, new NodeSessionIds(nodeId));
    add(context, mapping, gate);
    if (fastPath) add(context, mapping, new FastToolCalls(registry, streams));
    add(context, mapping, streams);
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
