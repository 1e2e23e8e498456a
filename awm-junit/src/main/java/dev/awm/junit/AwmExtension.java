package dev.awm.junit;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContextException;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: injects a fresh {@code EnvironmentHandle} into test parameters and fields
 * annotated with {@link AwmEnvironment}, and closes it when the test is done (a handle asked for by
 * the whole class, such as a {@code @BeforeAll} parameter, when the class is done). Each environment
 * is built once per test run (kept in the root store) and shared; every test gets its own handle,
 * in the initial state.
 *
 * <pre>{@code
 * @ExtendWith(AwmExtension.class)
 * class ShopTest {
 *   @Test void search(@AwmEnvironment("e_commerce") EnvironmentHandle shop) { ... }
 * }
 * }</pre>
 */
public final class AwmExtension implements ParameterResolver, BeforeEachCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(AwmExtension.class);

  /** The extension; JUnit creates it for {@code @ExtendWith(AwmExtension.class)}. */
  public AwmExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    return p.isAnnotated(AwmEnvironment.class) && p.getParameter().getType() == EnvironmentHandle.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    AwmEnvironment a = p.findAnnotation(AwmEnvironment.class).orElseThrow();
    try {
      return open(a, c);
    } catch (RuntimeException e) {
      throw new ParameterResolutionException("cannot open an environment handle for " + p.getParameter() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void beforeEach(ExtensionContext c) throws IllegalAccessException {
    Object instance = c.getRequiredTestInstance();
    for (Class<?> k = instance.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        AwmEnvironment a = f.getAnnotation(AwmEnvironment.class);
        if (a == null) continue;
        if (f.getType() != EnvironmentHandle.class) {
          throw new ExtensionContextException("@AwmEnvironment field " + f.getName() + " must be an EnvironmentHandle");
        }
        f.setAccessible(true);
        f.set(instance, open(a, c));
      }
    }
  }

  /** A new handle, kept in the store of {@code c} (the context that asked for it) to be closed when {@code c} ends. */
  private static EnvironmentHandle open(AwmEnvironment a, ExtensionContext c) {
    EnvironmentHandle h = environment(a, c).newHandle();
    c.getStore(NS).put(h, new Opened(h));
    return h;
  }

  /**
   * An opened handle as a store value, closed with its store: JUnit 5.13 and later close stored
   * {@link AutoCloseable}s, earlier versions {@code CloseableResource}s (deprecated in 5.13; JUnit
   * itself implements both, as here, and closes such a value once).
   */
  @SuppressWarnings("deprecation")
  private record Opened(EnvironmentHandle handle) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      handle.close();
    }
  }

  private static Environment environment(AwmEnvironment a, ExtensionContext c) {
    boolean starter = !a.value().isEmpty();
    boolean supplied = a.definition() != AwmEnvironment.None.class;
    boolean built = a.environment() != AwmEnvironment.NoEnvironment.class;
    if ((starter ? 1 : 0) + (supplied ? 1 : 0) + (built ? 1 : 0) != 1) {
      throw new ExtensionContextException("@AwmEnvironment needs exactly one of value (a starter name), definition and environment");
    }
    String key = starter ? "starter:" + a.value() : supplied ? "definition:" + a.definition().getName() : "environment:" + a.environment().getName();
    return c.getRoot().getStore(NS).getOrComputeIfAbsent(key, k -> {
      if (built) return supply(a.environment());
      EnvironmentDefinition def = starter ? StarterPack.load(a.value()) : supply(a.definition());
      return Environment.of(def);
    }, Environment.class);
  }

  private static <T> T supply(Class<? extends java.util.function.Supplier<T>> type) {
    try {
      return type.getConstructor().newInstance().get();
    } catch (ReflectiveOperationException e) {
      throw new ExtensionContextException("cannot create " + type.getName() + " (it needs a public no-argument constructor): " + e, e);
    }
  }
}
