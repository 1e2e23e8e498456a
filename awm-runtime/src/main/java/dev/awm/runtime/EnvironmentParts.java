package dev.awm.runtime;

import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.ToolCode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What building an {@link Environment} makes of its definition and options, each part checked with
 * a failure that names the environment: the tools' signatures and descriptors from the API spec
 * (an operation id once), the host verifiers (of existing tasks), the tool code compiled and bound
 * together with the host tools (each of an operation of the spec), and the initial database image.
 *
 * @param signatures the tools' signatures by operation id, in spec order
 * @param descriptors the tools' descriptors, in spec order
 * @param hostVerifiers the host verifiers by task index
 * @param binding the tool code and host tools bound to the operations, or null when there are no tools
 * @param image the initial database
 */
record EnvironmentParts(Map<String, ToolSignature> signatures, List<ToolDescriptor> descriptors, Map<Integer, HostVerifier> hostVerifiers,
    ToolBinding binding, DatabaseImage image) {
  /** What the build warns of is logged as the environment's. */
  private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

  /**
   * Makes the parts of {@code definition}'s environment, and warns of sample statements that failed
   * and were skipped, and of tool code with no endpoint to serve.
   *
   * @param initialDatabase the database file episodes start from instead of the schema and sample data, or null
   * @throws EnvironmentBuildException naming the cause
   */
  static EnvironmentParts assemble(EnvironmentDefinition definition, Map<String, HostTool> hostTools, Map<Integer, HostVerifier> hostVerifiers,
      SandboxLimits limits, Path initialDatabase, boolean strictSampleData) {
    String name = definition.name();
    Map<String, ToolSignature> sigs = new LinkedHashMap<>();
    for (Endpoint e : definition.spec().endpoints()) {
      if (sigs.put(e.operationId(), new ToolSignature(e)) != null) {
        throw new EnvironmentBuildException(name, "operation id '" + e.operationId() + "' appears twice in the spec");
      }
    }
    int tasks = definition.tasks().size();
    for (int task : hostVerifiers.keySet()) {
      if (task < 0 || task >= tasks) {
        throw new EnvironmentBuildException(name, "host verifier for task " + task + ", but the tasks are " + (tasks == 0 ? "none" : "0.." + (tasks - 1)));
      }
    }
    List<ToolDescriptor> ds = new ArrayList<>();
    for (ToolSignature s : sigs.values()) ds.add(s.descriptor());
    for (String op : hostTools.keySet()) {
      if (!sigs.containsKey(op)) throw new EnvironmentBuildException(name, "host tool '" + op + "' has no endpoint in the spec");
    }
    List<String> compiled = new ArrayList<>();
    for (String op : sigs.keySet()) if (!hostTools.containsKey(op)) compiled.add(op);
    ToolBinding bound = bind(definition, compiled, limits);
    if (!hostTools.isEmpty()) bound = bound == null ? ToolBinding.host(hostTools) : bound.withHost(hostTools);
    DatabaseImage image = initialDatabase != null ? DatabaseImage.fromFile(definition, initialDatabase, limits.callTimeout())
        : DatabaseImage.build(definition, strictSampleData, limits.callTimeout());
    List<SkippedStatement> skipped = image.skipped;
    if (!skipped.isEmpty()) {
      LOG.warn("environment '{}': {} sample statement(s) failed and were skipped, first: {}", name, skipped.size(), skipped.get(0).error());
    }
    // a definition without tool code is a database only (the pipeline builds them to check schema and rows): nothing to warn about
    if (ds.isEmpty() && definition.toolCode() != null) LOG.warn("environment '{}' has no tools: its spec has no endpoints", name);
    return new EnvironmentParts(Collections.unmodifiableMap(sigs), List.copyOf(ds), Collections.unmodifiableMap(new LinkedHashMap<>(hostVerifiers)),
        bound, image);
  }

  private static ToolBinding bind(EnvironmentDefinition def, List<String> ops, SandboxLimits limits) {
    ToolCode code = def.toolCode();
    if (code == null || code.source().isBlank()) {
      if (ops.isEmpty()) return null;
      throw new EnvironmentBuildException(def.name(), "the spec has " + ops.size() + " endpoint(s) but there is no tool code");
    }
    if (!ToolCode.JAVA.equals(code.language())) {
      throw new EnvironmentBuildException(def.name(), "tool code is " + code.language()
          + " (as in the AWM-1K dataset); awm-java runs Java tool code (see docs/tool-code-contract.md)");
    }
    return ToolBinding.compile(def.name(), code.source(), ops, limits);
  }

  /**
   * Runs the tool class's constructor once, under the limits, on a connection of {@code env} at
   * the initial image, so that a constructor that fails, never returns or allocates too much fails
   * the build instead of every handle. What it wrote is rolled back; the connection becomes the
   * environment's first spare.
   *
   * @throws EnvironmentBuildException saying how the constructor failed
   */
  static void tryConstructor(Environment env) {
    ToolBinding binding = env.binding();
    SandboxLimits limits = env.limits();
    HandleConnection c = env.connections().initial();
    HandleDb db = c.db;
    Sandbox.Outcome<Object> o = binding.construct(env.isolation(), limits, c);
    if (o.limit() == null && o.thrown() == null) {
      c.tools = o.value();
      boolean clean;
      try {
        c.tx.endCall(true);
        clean = c.rollBackToInitial();
      } catch (SQLException e) {
        clean = false;
      }
      env.connections().release(c, clean);
      return;
    }
    if (o.limit() != null && !o.stopped()) db.revoke();
    c.close();
    throw new EnvironmentBuildException(env.name(), ToolBinding.constructorFailure(o, limits));
  }
}
