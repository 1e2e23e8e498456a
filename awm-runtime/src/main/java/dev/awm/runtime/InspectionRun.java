package dev.awm.runtime;

/**
 * One run of inspection code, such as a verifier, for {@link EnvironmentHandle#inspect}: in the
 * sandbox, under the environment's verifier limits, over read-only views of the handle's database
 * and of an initial one (a spare connection of the environment, lent for the run, or a connection
 * of its own for a foreign image).
 */
final class InspectionRun {
  private InspectionRun() {}

  static <T> T run(Environment environment, HandleConnection c, byte[] initialImage, String what,
      EnvironmentHandle.Inspection<T> task, Runnable onAbandoned, Runnable makeWritable) {
    SandboxLimits limits = environment.limits();
    HandleConnection base = initialImage == null ? environment.connections().initial() : environment.connections().foreign(initialImage);
    DatabaseView initial = DatabaseView.confined(base.connection, base.guard, limits.maxRows());
    DatabaseView current = DatabaseView.confined(c.connection, c.guard, limits.maxRows());
    boolean abandoned = false;
    c.guard.clear();
    Sandbox.Outcome<T> o = Sandbox.run(environment.isolation(), limits.verifierTimeout().toNanos(), limits.maxAllocatedBytes(),
        () -> {
          initial.enter();
          current.enter();
          try {
            return task.run(initial, current);
          } finally {
            current.exit();
            initial.exit();
          }
        }, () -> {
          c.guard.cancel();
          base.guard.cancel();
        });
    try {
      if (o.limit() != null) {
        if (!o.stopped()) {
          current.revoke();
          initial.revoke();
          onAbandoned.run();
          abandoned = true;
        }
        c.guard.clear();
        makeWritable.run();
        throw new SandboxException(o.limit() == Sandbox.Limit.TIME ? SandboxException.Kind.TIMEOUT : SandboxException.Kind.MEMORY,
            what + " " + o.describeLimit(limits.verifierTimeout(), limits.maxAllocatedBytes()));
      }
      Throwable t = o.thrown();
      if (t == null) return o.value();
      if (!GeneratedClassLoader.isGenerated(t.getClass())) {
        if (t instanceof RuntimeException) throw (RuntimeException) t;
        if (t instanceof Error) throw (Error) t;
      }
      throw new SandboxException(SandboxException.Kind.FAILED, what + " failed: " + t.getClass().getName());
    } finally {
      current.clearCache();
      initial.clearCache();
      environment.connections().release(base, initialImage == null && !abandoned && base.readyAfterView());
    }
  }
}
