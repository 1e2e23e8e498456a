/**
 * Serving an environment over the Model Context Protocol with the MCP Java SDK:
 * {@link dev.awm.mcp.McpEnvironmentServer} (Streamable HTTP on an embedded Jetty, one
 * {@link dev.awm.runtime.EnvironmentHandle} per MCP session; one environment, or every environment
 * of an {@link dev.awm.mcp.EnvironmentCatalog}, each at its own path, compiled on first use) and
 * {@link dev.awm.mcp.McpStdioServer} (stdio, one client).
 */
package dev.awm.mcp;
