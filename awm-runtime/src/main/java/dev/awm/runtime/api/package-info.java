/**
 * What generated tool code sees: the database facade {@link dev.awm.runtime.api.Db}, the validated
 * arguments {@link dev.awm.runtime.api.Args}, and {@link dev.awm.runtime.api.ToolError} for
 * failures the agent should read. The whole contract is in {@code docs/tool-code-contract.md}.
 */
package dev.awm.runtime.api;
