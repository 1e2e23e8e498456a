/**
 * Serving an environment over the Model Context Protocol with the MCP Java SDK:
 * {@link dev.awm.mcp.McpEnvironmentServer} (Streamable HTTP on an embedded Jetty, one
 * {@link dev.awm.runtime.EnvironmentHandle} per MCP session) and {@link dev.awm.mcp.McpStdioServer}
 * (stdio, one client).
 */
package dev.awm.mcp;
