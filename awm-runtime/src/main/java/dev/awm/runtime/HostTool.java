package dev.awm.runtime;

import dev.awm.runtime.api.Args;
import dev.awm.runtime.api.Db;

/**
 * A tool implemented in ordinary host Java (lambdas allowed), instead of generated code: for
 * environments built in code and for tests. It gets the handle's {@link Db} and the checked
 * arguments, and returns a plain JSON value, exactly like a generated tool; throwing
 * {@link dev.awm.runtime.api.ToolError} gives the agent a message, any exception rolls the call back.
 * Host code is trusted: it is not restricted by the sandbox's allowlist (the call's time limit still
 * applies). Must be thread-safe (one instance serves every handle).
 */
@FunctionalInterface
public interface HostTool {
  /**
   * Runs the tool once, inside the call's transaction.
   *
   * @param db the calling handle's database
   * @param args the arguments, already checked against the tool's input schema
   * @return the result as a plain JSON value (map, list, string, number, boolean or null)
   * @throws Exception to fail the call: a {@link dev.awm.runtime.api.ToolError} gives the agent its
   *     message, anything else is a tool failure; either way the call's writes are rolled back
   */
  Object call(Db db, Args args) throws Exception;
}
