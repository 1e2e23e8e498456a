package dev.awm.runtime;

/**
 * Describing what generated code threw. Its exceptions may be of its own classes, whose methods
 * (even {@code getMessage()}) are generated code: call these only inside a sandbox run.
 */
final class Untrusted {
  private static final int MAX_MESSAGE = 2000;

  private Untrusted() {}

  /** {@code SimpleName: message}, shortened; never throws (but may be cancelled). Call inside a run only. */
  static String describe(Throwable t) {
    String name = t.getClass().getSimpleName();
    String message;
    try {
      message = t.getMessage();
    } catch (SandboxCancelled c) {
      throw c;
    } catch (Throwable u) {
      message = "(its message could not be read: " + u.getClass().getSimpleName() + ")";
    }
    return message == null ? name : name + ": " + shorten(message);
  }

  /**
   * A description safe to make outside a sandbox run: the message only when {@code t}'s class is
   * not generated code (the JDK's and the runtime's exceptions are trusted), else the class name.
   */
  static String describeOutside(Throwable t) {
    return GeneratedClassLoader.isGenerated(t.getClass()) ? t.getClass().getName() : describe(t);
  }

  /** {@code message}, cut to a readable length. */
  static String shorten(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }
}
