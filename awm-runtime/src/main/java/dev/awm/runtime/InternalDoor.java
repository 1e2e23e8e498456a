package dev.awm.runtime;

import dev.awm.core.VerifierCode;
import dev.awm.runtime.internal.RuntimeAccess;
import dev.awm.runtime.internal.VerifierUnit;
import java.time.Duration;
import java.util.List;

/** The runtime's side of {@link RuntimeAccess}: installed when this class initializes. */
final class InternalDoor implements RuntimeAccess.Door {
  /** What verifiers may use. */
  private static final CodePolicy VERIFIER_POLICY = CodePolicy.defaults().withClasses("dev.awm.verify.api.Verdict");

  static {
    RuntimeAccess.install(new InternalDoor());
  }

  private InternalDoor() {}

  @Override
  public boolean cancelledHere() {
    return Sandbox.cancelledHere();
  }

  @Override
  public Error cancelled() {
    return SandboxCancelled.INSTANCE;
  }

  @Override
  public List<Class<?>> compileVerifier(String environment, String unit, String source, Duration initTimeout, long maxAllocatedBytes) {
    return CodeCompiler.compile(environment, unit, source, VERIFIER_POLICY, initTimeout, maxAllocatedBytes);
  }

  @Override
  public VerifierUnit compiledVerifier(Environment environment, VerifierCode code) {
    return environment.verifierUnit(code);
  }

  @Override
  public boolean runsOnCaller(Environment environment, String tool) {
    ToolBinding binding = environment.binding();
    return environment.signature(tool) != null && binding != null && binding.isolation(environment.isolation(), tool) == Isolation.CALLER_THREAD;
  }
}
