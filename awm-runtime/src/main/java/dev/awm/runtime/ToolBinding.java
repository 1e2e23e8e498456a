package dev.awm.runtime;

import dev.awm.runtime.api.Args;
import dev.awm.runtime.api.Db;
import dev.awm.runtime.api.DbException;
import dev.awm.runtime.api.ToolError;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled tool class of an environment and its method per operation id. The class is
 * instantiated once per connection with that connection's {@link Db}; a stateless instance serves
 * every later handle on the connection (see {@link #stateless()}). Immutable and thread-safe.
 */
final class ToolBinding {
  private final Class<?> toolClass;
  private final Constructor<?> constructor;
  private final Map<String, Method> methods;
  private final Map<String, HostTool> hostTools;
  private final boolean stateless;
  /** Operations whose code cannot get stuck in a library call ({@link PromptCode}). */
  private final Set<String> promptOperations;

  /** A handle's tool objects: the compiled class's instance (if any) and the Db that host tools get. */
  private record Instances(Object compiled, Db db) {}

  private ToolBinding(Class<?> toolClass, Constructor<?> constructor, Map<String, Method> methods, Map<String, HostTool> hostTools,
      Set<String> promptOperations) {
    this.toolClass = toolClass;
    this.promptOperations = promptOperations;
    this.constructor = constructor;
    this.methods = methods;
    this.hostTools = hostTools;
    this.stateless = toolClass == null || holdsOnlyDb(toolClass);
  }

  /** Whether an instance's only state is its {@link Db} (every instance field final and of that type). */
  private static boolean holdsOnlyDb(Class<?> c) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (java.lang.reflect.Field f : k.getDeclaredFields()) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) && (!Modifier.isFinal(m) || f.getType() != Db.class)) return false;
      }
    }
    return true;
  }

  /**
   * Whether a tool object keeps no state of its own beyond its {@link Db}, so that the object can
   * serve another handle on the same connection (a stateful one is created anew for each handle).
   */
  boolean stateless() {
    return stateless;
  }

  /**
   * Whether operation {@code op} is generated code that cannot get stuck in a library call, so that
   * running it on the caller's thread keeps every promise of {@link Isolation#WORKER_THREAD}.
   */
  boolean runsPromptly(String op) {
    return !hostTools.containsKey(op) && promptOperations.contains(op);
  }

  /** Where operation {@code op} runs in an environment configured for {@code configured}: on the caller's thread when that keeps its promises. */
  Isolation isolation(Isolation configured, String op) {
    return configured == Isolation.WORKER_THREAD && runsPromptly(op) ? Isolation.CALLER_THREAD : configured;
  }

  /** Host tools only: nothing to compile. */
  static ToolBinding host(Map<String, HostTool> hostTools) {
    return new ToolBinding(null, null, Map.of(), Map.copyOf(hostTools), Set.of());
  }

  /** The same compiled tools plus {@code hostTools} (which take precedence for their operations). */
  ToolBinding withHost(Map<String, HostTool> more) {
    return new ToolBinding(toolClass, constructor, methods, Map.copyOf(more), promptOperations);
  }

  /** Compiles {@code source} and binds every name in {@code operationIds} to a method. */
  static ToolBinding compile(String environment, String source, List<String> operationIds, SandboxLimits limits) {
    List<Class<?>> classes = CodeCompiler.compile(environment, "tools", source, CodePolicy.defaults(), limits.callTimeout(),
        limits.maxAllocatedBytes());
    String lastProblem = null;
    for (Class<?> c : classes) {
      Constructor<?> ctor;
      try {
        ctor = c.getConstructor(Db.class);
      } catch (NoSuchMethodException e) {
        lastProblem = "class " + c.getName() + " has no public constructor taking (Db)";
        continue;
      }
      Map<String, Method> methods = new HashMap<>();
      List<String> missing = new ArrayList<>();
      for (String op : operationIds) {
        Method m = find(c, op);
        if (m == null) missing.add(op);
        else methods.put(op, m);
      }
      if (!missing.isEmpty()) {
        lastProblem = "class " + c.getName() + " has no method for operation(s) " + String.join(", ", missing)
            + " (each must be: public Object <operation_id>(Args args))";
        continue;
      }
      Set<String> prompt = c.getClassLoader() instanceof GeneratedClassLoader g
          ? PromptCode.promptOperations(g.bytecode(), c.getName(), methods.keySet()) : Set.of();
      return new ToolBinding(c, ctor, Map.copyOf(methods), Map.of(), prompt);
    }
    throw new EnvironmentBuildException(environment, "tool code: " + lastProblem);
  }

  private static Method find(Class<?> c, String op) {
    try {
      Method m = c.getMethod(op, Args.class);
      return Modifier.isStatic(m.getModifiers()) ? null : m;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** A new instance of the tool class bound to {@code db}; call inside a sandbox run (the constructor is generated code). */
  Object instantiate(Db db) {
    if (constructor == null) return new Instances(null, db);
    try {
      return new Instances(constructor.newInstance(db), db);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SandboxCancelled) throw (SandboxCancelled) e.getCause();
      throw new IllegalStateException("the tool class constructor failed: " + Untrusted.describe(e.getCause()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("tool class could not be instantiated: " + e, e);
    }
  }

  /**
   * Runs {@link #instantiate} for {@code c}'s database in the sandbox, where {@code isolation} says and under the
   * limits of a call; what it wrote is still in the call's savepoint, for the caller to end.
   */
  Sandbox.Outcome<Object> construct(Isolation isolation, SandboxLimits limits, HandleConnection c) {
    HandleDb db = c.db;
    return Sandbox.run(isolation, limits.callTimeout().toNanos(), limits.maxAllocatedBytes(), () -> db.within(() -> instantiate(db)),
        c.guard::cancel);
  }

  /**
   * Why a run of {@link #instantiate} that went past a limit ({@code o.limit()}) or threw failed; safe
   * outside the run (a generated exception is named by its class only).
   */
  static String constructorFailure(Sandbox.Outcome<?> o, SandboxLimits limits) {
    Throwable t = o.thrown();
    return o.limit() != null ? "the tool class constructor " + o.describeLimit(limits.callTimeout(), limits.maxAllocatedBytes())
        : t instanceof IllegalStateException && !GeneratedClassLoader.isGenerated(t.getClass()) ? t.getMessage()
        : "the tool class constructor failed: " + Untrusted.describeOutside(t);
  }

  /** What a call came to, computed inside its run: JSON text, or an error kind and message. */
  record Result(ToolResult.Kind kind, String text) {}

  /**
   * Runs tool {@code op} and turns its outcome into plain text: the result as JSON (at most
   * {@code maxResultChars}), or the error's kind and message. Call inside a sandbox run: the tool,
   * its result's methods and its exceptions' messages are all generated code. Only the sandbox's
   * cancellation escapes.
   */
  Result call(Object instance, String op, Args args, int maxResultChars) {
    try {
      return new Result(ToolResult.Kind.OK, PlainJson.write(invoke(instance, op, args), maxResultChars));
    } catch (SandboxCancelled c) {
      throw c;
    } catch (PlainJson.TooLarge t) {
      return new Result(ToolResult.Kind.LIMIT_EXCEEDED, "tool '" + op + "' returned too much: " + t.getMessage());
    } catch (Throwable t) {
      if (t.getCause() instanceof SandboxCancelled) throw (SandboxCancelled) t.getCause();
      ToolResult.Kind kind = t instanceof ToolError ? ToolResult.Kind.TOOL_ERROR : ToolResult.Kind.TOOL_FAILURE;
      try {
        return new Result(kind, describe(op, t));
      } catch (SandboxCancelled c) {
        throw c;
      } catch (Throwable u) {
        return new Result(kind, "tool '" + op + "' failed: " + t.getClass().getName());
      }
    }
  }

  private String describe(String tool, Throwable t) {
    if (t instanceof ToolError) {
      String m = t.getMessage();
      return m == null ? "tool '" + tool + "' refused the request" : Untrusted.shorten(m);
    }
    String where = location(t);
    String prefix = "tool '" + tool + "' failed" + (where.isEmpty() ? "" : " at " + where) + ": ";
    if (t instanceof DbException) return prefix + "database error: " + Untrusted.shorten(String.valueOf(t.getMessage()));
    if (t instanceof PlainJson.NotPlainJson) return "tool '" + tool + "' failed: its result cannot be written as JSON: " + t.getMessage();
    if (t instanceof tools.jackson.core.JacksonException) {
      return prefix + "its result cannot be written as JSON: " + firstLine(t.getMessage());
    }
    return prefix + Untrusted.describe(t);
  }

  static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Runs tool {@code op}; exceptions thrown by the tool code come out unwrapped. Call inside a sandbox run. */
  Object invoke(Object instance, String op, Args args) throws Throwable {
    Instances in = (Instances) instance;
    HostTool host = hostTools.get(op);
    if (host != null) return host.call(in.db(), args);
    try {
      return methods.get(op).invoke(in.compiled(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Where in the tool code {@code t} was thrown ({@code "line 42"}), or empty. Call inside a sandbox run. */
  String location(Throwable t) {
    if (toolClass == null) return "";
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith(toolClass.getName()) && e.getLineNumber() > 0) {
        return "line " + e.getLineNumber();
      }
    }
    return "";
  }
}
