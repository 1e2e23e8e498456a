package dev.awm.agent;

import dev.awm.llm.ChatMessage;
import java.util.List;

/**
 * What an agent did on one task: the whole conversation, the tool calls with their results, the
 * final answer, and why it stopped.
 *
 * @param task the task text
 * @param messages the conversation; with the text protocol, tool results are {@code tool} messages
 *     here (as in the reference's trajectory.json) whichever way they were sent
 * @param steps the tool calls in order
 * @param finalAnswer the last assistant text (empty when it never answered)
 * @param stop why the run ended
 * @param iterations model turns taken
 * @param error the model failure when {@code stop} is {@link Stop#MODEL_ERROR}, else empty
 */
public record AgentRun(String task, List<ChatMessage> messages, List<AgentStep> steps, String finalAnswer, Stop stop, int iterations,
    String error) {
  /** Why a run ended. */
  public enum Stop {
    /** The model answered without calling a tool. */
    ANSWERED,
    /** The iteration budget ran out. */
    MAX_ITERATIONS,
    /** The model could not be reached or its reply could not be used. */
    MODEL_ERROR
  }

  /**
   * Copies the lists and normalizes the texts.
   *
   * @param task the task text
   * @param messages the conversation; not null
   * @param steps the tool calls; not null
   * @param finalAnswer the final answer; null becomes empty
   * @param stop why the run ended
   * @param iterations model turns taken
   * @param error the model failure; null becomes empty
   */
  public AgentRun {
    messages = List.copyOf(messages);
    steps = List.copyOf(steps);
    finalAnswer = finalAnswer == null ? "" : finalAnswer;
    error = error == null ? "" : error;
  }
}
