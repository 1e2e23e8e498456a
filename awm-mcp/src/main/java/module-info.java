/**
 * Serving an environment over the Model Context Protocol (Streamable HTTP on an embedded Jetty 12,
 * and stdio) with the MCP Java SDK, and {@code McpToolSession}, a remote environment seen through
 * the SDK's client. Only {@code dev.awm.mcp} is exported; the SDK, Jetty and the servlet API are
 * used inside and appear in none of its signatures.
 */
module dev.awm.mcp {
  requires transitive dev.awm.verify;
  // the SDK's module: requires transitive its core (an automatic module) and its Jackson 3 mapper
  requires io.modelcontextprotocol.sdk.mcp;
  requires reactor.core;
  requires jakarta.servlet;
  requires org.eclipse.jetty.ee10.servlet;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.http;
  requires org.eclipse.jetty.io;
  requires org.eclipse.jetty.util;
  requires tools.jackson.databind;
  requires org.slf4j;
  // the SDK's client transport uses java.net.http; its core is an automatic module, which cannot
  // say so itself, and an automatic module reads only the modules something else resolved
  requires java.net.http;

  exports dev.awm.mcp;
}
