package dev.awm.mcp;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.ScenarioNames;
import dev.awm.runtime.Environment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The environments one {@link McpEnvironmentServer} may serve, by name, as definitions: none is
 * compiled until a client opens a session on it (a directory the size of AgentWorldModel-1K starts
 * in the time it takes to read its files). A server keeps at most {@link #maxCompiled()} of them
 * compiled, evicting the least recently used one without live sessions: an environment with live
 * sessions is never evicted, so only while more than that many have sessions does it hold more.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * EnvironmentCatalog catalog = EnvironmentCatalog.builder(AwmDirectory.load(dir)).maxCompiled(32).build();
 * McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).port(8001).build().start();
 * // a client of environment e_commerce connects to http://127.0.0.1:8001/mcp/e_commerce
 * }</pre>
 */
public final class EnvironmentCatalog {
  /** The default of {@link Builder#maxCompiled(int)}. */
  public static final int DEFAULT_MAX_COMPILED = 16;

  private final Map<String, EnvironmentDefinition> definitions;
  private final int maxCompiled;
  private final Function<EnvironmentDefinition, Environment> compiler;
  private final AtomicLong compilations = new AtomicLong();

  private EnvironmentCatalog(Builder b) {
    this.definitions = b.definitions;
    this.maxCompiled = b.maxCompiled;
    this.compiler = b.compiler;
  }

  /**
   * A catalog of {@code definitions} with the default options.
   *
   * @param definitions the environments' definitions, with distinct names; at least one
   * @return the catalog; nothing is compiled yet
   * @throws IllegalArgumentException if two definitions have the same name, or there are none
   */
  public static EnvironmentCatalog of(Collection<EnvironmentDefinition> definitions) {
    return builder(definitions).build();
  }

  /**
   * A catalog of every environment in a directory of AWM files (read now, compiled on first use).
   *
   * @param dir a directory of AWM files
   * @return the catalog; nothing is compiled yet
   * @throws IOException if the directory or a file cannot be read (see {@link AwmDirectory#load(Path)})
   */
  public static EnvironmentCatalog load(Path dir) throws IOException {
    return of(AwmDirectory.load(dir));
  }

  /**
   * A builder for a catalog of {@code definitions}.
   *
   * @param definitions the environments' definitions, with distinct names; at least one
   * @return a new builder with the default options
   * @throws IllegalArgumentException if two definitions have the same name, or there are none
   */
  public static Builder builder(Collection<EnvironmentDefinition> definitions) {
    return new Builder(definitions);
  }

  /** {@return the names served, in the definitions' order} */
  public List<String> names() {
    return List.copyOf(definitions.keySet());
  }

  /**
   * How many environments it has.
   *
   * @return the number of environments in the catalog
   */
  public int size() {
    return definitions.size();
  }

  /**
   * The definition named {@code name} (normalized as scenario names are), if there is one.
   *
   * @param name an environment's name, in any form a scenario name takes
   * @return its definition, or empty if there is none (or {@code name} is null)
   */
  public Optional<EnvironmentDefinition> definition(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(definitions.get(ScenarioNames.normalize(name)));
  }

  /** {@return the most compiled environments a server keeps (more only while more have live sessions)} */
  public int maxCompiled() {
    return maxCompiled;
  }

  /**
   * How many times an environment of this catalog was compiled (by every server using it).
   *
   * @return the number of compilations so far
   */
  public long compilations() {
    return compilations.get();
  }

  /** Compiles {@code definition} (a first use, or a use after eviction). */
  Environment compile(EnvironmentDefinition definition) {
    compilations.incrementAndGet();
    return compiler.apply(definition);
  }

  /** Options of an {@link EnvironmentCatalog}; not thread-safe. */
  public static final class Builder {
    private final Map<String, EnvironmentDefinition> definitions = new LinkedHashMap<>();
    private int maxCompiled = DEFAULT_MAX_COMPILED;
    private Function<EnvironmentDefinition, Environment> compiler = Environment::of;

    private Builder(Collection<EnvironmentDefinition> defs) {
      for (EnvironmentDefinition d : defs) {
        if (definitions.put(d.name(), d) != null) throw new IllegalArgumentException("two environments are named '" + d.name() + "'");
      }
      if (definitions.isEmpty()) throw new IllegalArgumentException("a catalog needs at least one environment");
    }

    /**
     * The most environments kept compiled at once (default {@value EnvironmentCatalog#DEFAULT_MAX_COMPILED}); more only
     * while more than that many have live sessions.
     *
     * @param max the most compiled environments; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public Builder maxCompiled(int max) {
      if (max < 1) throw new IllegalArgumentException("maxCompiled must be at least 1, got " + max);
      this.maxCompiled = max;
      return this;
    }

    /**
     * How a definition becomes an environment (default {@link Environment#of}; for other options or
     * isolation).
     *
     * @param compiler turns a definition into a built environment; not null
     * @return this builder
     */
    public Builder compiler(Function<EnvironmentDefinition, Environment> compiler) {
      this.compiler = Objects.requireNonNull(compiler, "compiler");
      return this;
    }

    /** {@return the catalog, with no environment compiled yet} */
    public EnvironmentCatalog build() {
      return new EnvironmentCatalog(this);
    }
  }
}
