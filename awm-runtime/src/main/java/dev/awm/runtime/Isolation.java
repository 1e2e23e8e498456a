package dev.awm.runtime;

/**
 * Where generated code runs (set with {@link Environment.Builder#isolation}). Both stop loops in
 * generated code and long SQL at the time limit, and both enforce the memory limit; they differ
 * in what happens when the code is stuck inside a library call that never reaches a cancellation
 * check (a catastrophic regular expression, arithmetic on gigantic numbers).
 */
public enum Isolation {
  /**
   * On a pooled sandbox worker thread (the default): the caller always gets its answer at the
   * limit; a stuck thread is abandoned (it runs on until the library call returns, cut off from the
   * database). The hand-off costs two unparks per call (neither side spins). A tool whose code
   * cannot get stuck in a library call ({@code PromptCode}: it calls only library methods known to
   * return promptly and creates arrays of constant length only) keeps that promise on the caller's
   * thread, and runs there as with {@link #CALLER_THREAD}, without the hand-off.
   */
  WORKER_THREAD,
  /**
   * On the caller's own thread, watched by a shared watchdog thread: no hand-off (a call costs
   * about 1.05 times what it did before the sandbox), but a call stuck inside a library call holds
   * the caller until that call returns.
   */
  CALLER_THREAD
}
