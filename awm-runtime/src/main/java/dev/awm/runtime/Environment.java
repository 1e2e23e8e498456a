package dev.awm.runtime;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.VerifierCode;
import dev.awm.runtime.internal.VerifierUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executable environment, built once from an {@link EnvironmentDefinition} and shared by any
 * number of {@link EnvironmentHandle}s. Building it runs the schema and sample data once in memory
 * and keeps the database image, compiles the tool code once with Janino, and derives each tool's
 * descriptor from the API spec.
 *
 * <p>Thread-safe and immutable after {@link Builder#build()}. Each handle owns its connection;
 * when a handle is closed in its initial state the environment keeps the connection as a spare (up
 * to {@link Builder#spareHandles(int)}, 16 by default, about 160 KiB each for an AWM-sized
 * database), so that the next {@link #newHandle()} or {@link EnvironmentHandle#fork()} takes it
 * instead of opening and loading a database. Spares are freed when the environment becomes
 * unreachable, or by {@link #releaseSpares()}; there is nothing to close.
 */
public final class Environment {
  private static final Logger LOG = LoggerFactory.getLogger(Environment.class);

  private final EnvironmentDefinition definition;
  /** The definition's name, normalized once (with regular expressions) instead of on every call. */
  private final String name;
  private final EnvironmentParts parts;
  private final SandboxLimits limits;
  private final Isolation isolation;
  private final AtomicInteger liveHandles = new AtomicInteger();
  private final HandleConnections connections;
  /** The code-mode verifiers {@link EnvironmentBuilder#build()} compiled, by their code; empty for any other environment. */
  private volatile Map<VerifierCode, VerifierUnit> verifierUnits = Map.of();

  private Environment(Builder b) {
    this.definition = b.definition;
    this.name = definition.name();
    this.limits = b.limits;
    this.isolation = b.isolation;
    this.parts = EnvironmentParts.assemble(definition, b.hostTools, b.hostVerifiers, limits, b.initialDatabase, b.strictSampleData);
    this.connections = new HandleConnections(name, parts.image().bytes, parts.binding(), b.foreignKeys, limits, definition.simulatedNow(),
        Spares.of(this, b.spareHandles));
    if (parts.binding() != null) EnvironmentParts.tryConstructor(this);
    LOG.debug("environment '{}' built: {} tools, {} bytes of initial database", name, parts.descriptors().size(), parts.image().bytes.length);
  }

  /**
   * Builds an environment with the default options.
   *
   * @param definition the environment's definition; its tool code must be Java (or every operation have a
   *     host tool)
   * @return the built environment
   * @throws EnvironmentBuildException naming the cause when the schema, sample data or tool code fails (see
   *     {@link Builder#build()})
   */
  public static Environment of(EnvironmentDefinition definition) {
    return builder(definition).build();
  }

  /**
   * A builder for an environment of {@code definition}.
   *
   * @param definition the environment's definition; not null
   * @return a new builder with the default options
   */
  public static Builder builder(EnvironmentDefinition definition) {
    return new Builder(definition);
  }

  /** {@return the environment's name (the normalized scenario name)} */
  public String name() {
    return name;
  }

  /** {@return the definition it was built from} */
  public EnvironmentDefinition definition() {
    return definition;
  }

  /** {@return the tools' descriptors, in spec order} */
  public List<ToolDescriptor> tools() {
    return parts.descriptors();
  }

  /**
   * The descriptor of tool {@code name}, if it exists.
   *
   * @param name the tool's name (an operation id of the spec)
   * @return its descriptor, or empty if the environment has no such tool
   */
  public Optional<ToolDescriptor> tool(String name) {
    ToolSignature s = parts.signatures().get(name);
    return s == null ? Optional.empty() : Optional.of(s.descriptor());
  }

  /** {@return sample statements that failed during the build and were skipped (empty in strict mode)} */
  public List<SkippedStatement> skippedStatements() {
    return parts.image().skipped;
  }

  /** {@return a copy of the serialized initial database (a valid SQLite file image)} */
  public byte[] initialImage() {
    return parts.image().bytes.clone();
  }

  /**
   * {@return the limits its generated code (tools, and verifiers run through {@link
   * EnvironmentHandle#inspect}) runs under}
   */
  public SandboxLimits limits() {
    return limits;
  }

  /**
   * Where its generated code runs.
   *
   * @return where tool code and verifiers run (default {@link Isolation#WORKER_THREAD})
   */
  public Isolation isolation() {
    return isolation;
  }

  /**
   * Opens a read-only view of the initial database on a connection of its own (thread-safe; each
   * call opens a new one). Close it when done.
   *
   * @return a new read-only view on the initial state; the caller closes it
   */
  public DatabaseView openInitialDatabase() {
    return connections.initialView();
  }

  /**
   * How many handles are open now.
   *
   * @return the number of handles opened and not yet closed
   */
  public int liveHandles() {
    return liveHandles.get();
  }

  /**
   * Opens a new handle: its own in-memory database in the initial state.
   *
   * @return a new handle whose database is in the environment's initial state; the caller closes it
   * @throws IllegalStateException if SQLite cannot open a connection
   */
  public EnvironmentHandle newHandle() {
    return adopt(connections.initial());
  }

  /**
   * Opens a handle whose database starts as {@code image} (a SQLite file image, for example a saved
   * run's {@code final.db}), to inspect or verify that state or to go on from it. Its
   * {@link EnvironmentHandle#reset()} returns it to this environment's initial state.
   *
   * @param image the bytes of a SQLite database file
   * @return a new handle whose database starts as {@code image}; the caller closes it
   * @throws IllegalArgumentException if {@code image} is not a SQLite database
   */
  public EnvironmentHandle openHandle(byte[] image) {
    java.util.Objects.requireNonNull(image, "image");
    return adopt(connections.foreign(image));
  }

  /**
   * How many connections of closed handles are kept right now, ready for the next handle or fork
   * (see the class comment); at most the number the builder allowed ({@code spareHandles(n)}).
   *
   * @return the spare connections idle at this moment (0 when none is kept)
   */
  public int spareHandles() {
    return connections.spareCount();
  }

  /** Closes the spare connections now (they are also freed when the environment becomes unreachable). */
  public void releaseSpares() {
    connections.closeSpares();
  }

  // ---- for handles -----------------------------------------------------------------------------

  /** {@return where its handles get their connections and give them back} */
  HandleConnections connections() {
    return connections;
  }

  /** A new handle on {@code c} (which it closes if the handle cannot be made). */
  EnvironmentHandle adopt(HandleConnection c) {
    EnvironmentHandle h = new EnvironmentHandle(this, c);
    liveHandles.incrementAndGet();
    return h;
  }

  ToolSignature signature(String tool) {
    return parts.signatures().get(tool);
  }

  /**
   * The verifiers given as host code ({@link Builder#hostVerifier}), by task index; awm-verify runs them
   * like code-mode verifiers.
   *
   * @return an unmodifiable map of the host verifiers by task index; empty if none were given
   */
  public Map<Integer, HostVerifier> hostVerifiers() {
    return parts.hostVerifiers();
  }

  /** Keeps the verifier units compiled when this environment was built, for awm-verify to take instead of compiling them again. */
  void keepVerifierUnits(Map<VerifierCode, VerifierUnit> units) {
    this.verifierUnits = Map.copyOf(units);
  }

  /** The verifier unit compiled from {@code code} when this environment was built, or null. */
  VerifierUnit verifierUnit(VerifierCode code) {
    return verifierUnits.get(code);
  }

  ToolBinding binding() {
    return parts.binding();
  }

  void handleClosed() {
    liveHandles.decrementAndGet();
  }

  /** Options for building an {@link Environment}; not thread-safe. */
  public static final class Builder {
    private final EnvironmentDefinition definition;
    private boolean strictSampleData;
    private boolean foreignKeys;
    private SandboxLimits limits = SandboxLimits.defaults();
    private Isolation isolation = Isolation.WORKER_THREAD;
    private final Map<String, HostTool> hostTools = new LinkedHashMap<>();
    private final Map<Integer, HostVerifier> hostVerifiers = new LinkedHashMap<>();
    private int spareHandles = 16;
    private java.nio.file.Path initialDatabase;

    private Builder(EnvironmentDefinition definition) {
      this.definition = java.util.Objects.requireNonNull(definition, "definition");
    }

    /**
     * Starts every episode from the SQLite database in {@code file} instead of the definition's
     * schema and sample data (the reference's {@code --db_path}). The file is read once, when the
     * environment is built, and never written; it must hold every table of the schema.
     *
     * @param file a SQLite database file; not null
     * @return this builder
     */
    public Builder initialDatabase(java.nio.file.Path file) {
      this.initialDatabase = java.util.Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Implements the spec's operation {@code operationId} with host code instead of generated code.
     * Operations with a host tool need no method in the tool code; an environment whose every
     * operation has one needs no tool code at all.
     *
     * @param operationId the spec's operation id (the tool's name); not null
     * @param tool the implementation, shared by every handle; not null
     * @return this builder
     */
    public Builder hostTool(String operationId, HostTool tool) {
      hostTools.put(java.util.Objects.requireNonNull(operationId, "operationId"), java.util.Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /**
     * Verifies task {@code taskIndex} with host code instead of (or where there is no) generated
     * verifier; the task must be one of the definition's.
     *
     * @param taskIndex the task's index in the definition
     * @param verifier the verifier, shared by every handle; not null
     * @return this builder
     */
    public Builder hostVerifier(int taskIndex, HostVerifier verifier) {
      hostVerifiers.put(taskIndex, java.util.Objects.requireNonNull(verifier, "verifier"));
      return this;
    }

    /**
     * Fail the build on any failing sample insert instead of skipping it (default false).
     *
     * @param strict true to fail on a failing insert, false to skip it and record it in {@link
     *     Environment#skippedStatements()}
     * @return this builder
     */
    public Builder strictSampleData(boolean strict) {
      this.strictSampleData = strict;
      return this;
    }

    /**
     * Enforce foreign keys in handles (default false, as SQLite and the reference implementation).
     *
     * @param enforce true to run handles with {@code PRAGMA foreign_keys=ON}
     * @return this builder
     */
    public Builder foreignKeys(boolean enforce) {
      this.foreignKeys = enforce;
      return this;
    }

    /**
     * Where tool code and verifiers run (default {@link Isolation#WORKER_THREAD}; see {@link Isolation}).
     *
     * @param isolation where generated code runs; not null
     * @return this builder
     */
    public Builder isolation(Isolation isolation) {
      this.isolation = java.util.Objects.requireNonNull(isolation, "isolation");
      return this;
    }

    /**
     * How many connections of closed handles to keep for reuse by later handles and forks (default
     * 16; 0 keeps none). Each costs the memory of one handle's database.
     *
     * @param count the number of connections to keep; 0 or more
     * @return this builder
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public Builder spareHandles(int count) {
      if (count < 0) throw new IllegalArgumentException("spareHandles must be >= 0, got " + count);
      this.spareHandles = count;
      return this;
    }

    /**
     * All sandbox limits at once (default {@link SandboxLimits#defaults()}).
     *
     * @param limits the limits; not null
     * @return this builder
     */
    public Builder limits(SandboxLimits limits) {
      this.limits = java.util.Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * How long one tool call may run, and the tool class's constructor and static initializers (default 5
     * s).
     *
     * @param timeout the time limit; positive and at most a day
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive or is longer than a day
     */
    public Builder callTimeout(java.time.Duration timeout) {
      this.limits = limits.withCallTimeout(timeout);
      return this;
    }

    /**
     * How long one verifier run may take (default 10 s).
     *
     * @param timeout the time limit; positive and at most a day
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive or is longer than a day
     */
    public Builder verifierTimeout(java.time.Duration timeout) {
      this.limits = limits.withVerifierTimeout(timeout);
      return this;
    }

    /**
     * How many rows one query of generated code may return (default 10,000).
     *
     * @param rows the row limit; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code rows} is less than 1
     */
    public Builder maxRows(int rows) {
      this.limits = limits.withMaxRows(rows);
      return this;
    }

    /**
     * How many characters of JSON one tool result may have (default 1,000,000).
     *
     * @param chars the limit in characters; at least 16
     * @return this builder
     * @throws IllegalArgumentException if {@code chars} is less than 16
     */
    public Builder maxResultChars(int chars) {
      this.limits = limits.withMaxResultChars(chars);
      return this;
    }

    /**
     * How many bytes one call or verifier run may allocate (default 512 MiB).
     *
     * @param bytes the limit in bytes; at least 1 MiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 1 MiB
     */
    public Builder maxAllocatedBytes(long bytes) {
      this.limits = limits.withMaxAllocatedBytes(bytes);
      return this;
    }

    /**
     * How many bytes one value a tool binds to a writing statement may have (default 1 MiB; see {@link
     * SandboxLimits}).
     *
     * @param bytes the limit in bytes; at least 1 KiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is less than 1 KiB
     */
    public Builder maxValueBytes(long bytes) {
      this.limits = limits.withMaxValueBytes(bytes);
      return this;
    }

    /**
     * How much one tool call may write (default 8 MiB, at most 16 MiB; see {@link SandboxLimits}).
     *
     * @param bytes the limit in bytes; between 1 KiB and 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is outside 1 KiB to 16 MiB
     */
    public Builder maxWriteBytesPerCall(long bytes) {
      this.limits = limits.withMaxWriteBytesPerCall(bytes);
      return this;
    }

    /**
     * Builds the environment.
     *
     * @return the environment, ready to open handles
     * @throws EnvironmentBuildException naming the cause when the schema, sample data (strict) or
     *     tool code fails, including a tool class constructor that throws or goes past a limit (it
     *     runs once, its writes discarded); a {@link CodeCompileException} for code that does not compile
     */
    public Environment build() {
      return new Environment(this);
    }
  }
}
