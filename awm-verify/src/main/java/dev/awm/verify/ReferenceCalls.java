package dev.awm.verify;

import dev.awm.core.ToolCall;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.util.List;

/** Plays a reference solution's tool calls on a handle: shared by {@link GoldReplay} and {@link ReplayCheck}. */
final class ReferenceCalls {
  private ReferenceCalls() {}

  /** What to do with a call that failed. */
  @FunctionalInterface
  interface Failure {
    /** Called for a failed {@code call}, the {@code number}th of the solution (counting from 1). */
    void failed(int number, ToolCall call, ToolResult result);
  }

  /** Calls {@code calls} on {@code handle} in order, handing each failed one to {@code onFailure}, which may throw to stop. */
  static void play(EnvironmentHandle handle, List<ToolCall> calls, Failure onFailure) {
    for (int i = 0; i < calls.size(); i++) {
      ToolResult r = handle.callTool(calls.get(i));
      if (r.isError()) onFailure.failed(i + 1, calls.get(i), r);
    }
  }
}
