package dev.awm.runtime;

import java.util.ArrayList;
import java.util.List;
import org.codehaus.janino.ClassLoaderIClassLoader;
import org.codehaus.janino.Descriptor;
import org.codehaus.janino.IClass;
import org.codehaus.janino.IClassLoader;

/**
 * How Janino resolves the type names written in generated code: only names the {@link CodePolicy}
 * allows resolve; any other (existing) class is remembered as refused and does not resolve, so the
 * compiler stops with its own located error ("Cannot determine simple type name \"Thread\"") that
 * {@link CodeCompiler} then explains.
 *
 * <p>The classes that do resolve come from a second, unrestricted loader, so that the signatures of
 * allowed classes (String's {@code getBytes(Charset)} overload, say) still resolve: reaching such
 * types through members is what {@link BytecodeCheck} checks afterwards. Janino requires a few
 * classes the policy does not allow (such as {@code java.lang.Class} and {@code java.lang.System});
 * they resolve, and the bytecode check refuses their use.
 */
final class AllowlistIClassLoader extends IClassLoader {
  private final IClassLoader host;
  private final CodePolicy policy;
  private final List<String> refused = new ArrayList<>();
  private boolean bootstrapping = true;

  AllowlistIClassLoader(ClassLoader hostLoader, CodePolicy policy) {
    super(null);
    this.host = new ClassLoaderIClassLoader(hostLoader);
    this.policy = policy;
    postConstruct();
    bootstrapping = false;
  }

  /** The unrestricted loader, for what the compiler itself inserts. */
  IClassLoader host() {
    return host;
  }

  /** Existing classes the code named that are not allowed, in the order asked. */
  List<String> refused() {
    return refused;
  }

  @Override
  protected IClass findIClass(String descriptor) throws ClassNotFoundException {
    IClass c = host.loadIClass(descriptor);
    if (c == null) return null;
    String name = Descriptor.toClassName(descriptor);
    if (!bootstrapping && !policy.allows(name)) {
      refused.add(name);
      return null;
    }
    defineIClass(c);
    return c;
  }

  /** Array types must be the host's too, or {@code char[]} here and in String's signatures would differ. */
  @Override
  public synchronized IClass getArrayIClass(IClass componentType) {
    return host.getArrayIClass(componentType);
  }
}
