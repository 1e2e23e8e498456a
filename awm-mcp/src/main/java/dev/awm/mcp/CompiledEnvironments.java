package dev.awm.mcp;

import dev.awm.core.EnvironmentDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled environments of a server of many ({@link EnvironmentCatalog}): compiled on first
 * use, once however many requests ask at the same time, and kept within the catalog's bound as a
 * least-recently-used cache. An environment is leased while a request for it is in flight and while
 * it has live sessions; a leased environment is never evicted.
 *
 * <p>Statistics: a lookup is a request that may open a session (hit: compiled already; miss:
 * compiled for it); requests of existing sessions are not counted.
 */
final class CompiledEnvironments implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledEnvironments.class);

  /** Builds what serves a definition; {@code lease} keeps it compiled (retain/release), for its sessions. */
  @FunctionalInterface
  interface Factory {
    ServedEnvironment serve(EnvironmentDefinition definition, Lease lease);
  }

  /** Keeps one environment compiled while retained. */
  interface Lease {
    void retain();

    void release();
  }

  /** One environment of the catalog; its fields are guarded by the cache's monitor, compilation by {@link #compiling}. */
  final class Entry implements Lease {
    final EnvironmentDefinition definition;
    private final Object compiling = new Object();
    private ServedEnvironment served;
    private int leases;
    private long lastUsed;

    Entry(EnvironmentDefinition definition) {
      this.definition = definition;
    }

    @Override
    public void retain() {
      synchronized (CompiledEnvironments.this) {
        leases++;
        lastUsed = ++clock;
      }
    }

    @Override
    public void release() {
      CompiledEnvironments.this.release(this);
    }
  }

  private final EnvironmentCatalog catalog;
  private final Factory factory;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private long clock;
  private int compiled;
  private long hits, misses, evictions;
  private boolean closed;

  CompiledEnvironments(EnvironmentCatalog catalog, Factory factory) {
    this.catalog = catalog;
    this.factory = factory;
    for (String name : catalog.names()) entries.put(name, new Entry(catalog.definition(name).orElseThrow()));
  }

  /** The entry of environment {@code name} (normalized), or null if the catalog has none. */
  Entry entry(String name) {
    return catalog.definition(name).map(d -> entries.get(d.name())).orElse(null);
  }

  /**
   * Leases {@code e} for a request that may open a session, compiling it if it is not compiled.
   * Call {@link #release} when the request ends.
   *
   * @throws RuntimeException from compiling (the environment stays uncompiled; the lease is given back)
   */
  ServedEnvironment acquire(Entry e) {
    e.retain();
    try {
      ServedEnvironment s;
      synchronized (e.compiling) {
        synchronized (this) {
          if (closed) throw new IllegalStateException("the server is closing");
          s = e.served;
          if (s != null) hits++;
          else misses++;
        }
        if (s == null) {
          s = factory.serve(e.definition, e);
          synchronized (this) {
            e.served = s;
            compiled++;
          }
          LOG.info("environment '{}' compiled: {} tools", e.definition.name(), s.environment.tools().size());
        }
      }
      evictBeyondBound();
      return s;
    } catch (RuntimeException | Error x) {
      release(e);
      throw x;
    }
  }

  /** Leases {@code e} for a request of an existing session: null (nothing leased) when it is not compiled, so has no sessions. */
  synchronized ServedEnvironment acquireCompiled(Entry e) {
    if (e.served == null || closed) return null;
    e.leases++;
    e.lastUsed = ++clock;
    return e.served;
  }

  /** Gives back a lease of {@link #acquire}, {@link #acquireCompiled} or {@link Lease#retain}. */
  void release(Entry e) {
    boolean over;
    synchronized (this) {
      e.leases--;
      over = e.leases == 0 && compiled > catalog.maxCompiled();
    }
    if (over) evictBeyondBound();
  }

  /** Evicts least recently used environments without leases while more than the bound are compiled. */
  private void evictBeyondBound() {
    List<ServedEnvironment> evicted = new ArrayList<>();
    synchronized (this) {
      while (compiled > catalog.maxCompiled()) {
        Entry lru = null;
        for (Entry e : entries.values()) {
          if (e.served != null && e.leases == 0 && (lru == null || e.lastUsed < lru.lastUsed)) lru = e;
        }
        if (lru == null) break; // every compiled one is in use: over the bound until one is idle
        evicted.add(lru.served);
        lru.served = null;
        compiled--;
        evictions++;
      }
    }
    for (ServedEnvironment s : evicted) {
      s.close();
      LOG.info("environment '{}' evicted (least recently used, no live session)", s.environment.name());
    }
  }

  /** One row per environment: name, compiled, tools (when compiled), in the catalog's order; sessions are the caller's. */
  synchronized List<Map<String, Object>> listing() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", e.getKey());
      row.put("compiled", e.getValue().served != null);
      if (e.getValue().served != null) row.put("tools", e.getValue().served.environment.tools().size());
      out.add(row);
    }
    return out;
  }

  /** The cache's figures: size, max, hits, misses, evictions, compilations. */
  synchronized Map<String, Object> stats() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("size", compiled);
    out.put("max", catalog.maxCompiled());
    out.put("hits", hits);
    out.put("misses", misses);
    out.put("evictions", evictions);
    return out;
  }

  /** Closes every compiled environment (after their sessions ended). */
  @Override
  public void close() {
    List<ServedEnvironment> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Entry e : entries.values()) {
        if (e.served != null) all.add(e.served);
        e.served = null;
      }
      compiled = 0;
    }
    all.forEach(ServedEnvironment::close);
  }
}
