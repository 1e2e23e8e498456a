package dev.awm.verify;

/** How an episode ended, as the verifier (or the harness around it) classifies it. */
public enum RewardStatus {
  /** The verifier says the task was done. */
  COMPLETE,
  /** The verifier ran and says the task was not done: an honest failure of the agent. */
  INCOMPLETE,
  /** The agent's run broke (for example it exceeded its step budget or sent unreadable calls). */
  AGENT_ERROR,
  /** The environment could not be read (a closed handle, a database that cannot be opened). */
  ENVIRONMENT_ERROR,
  /** The verifier is missing, does not compile, throws, or answers nonsense: no reward signal. */
  VERIFIER_ERROR,
  /**
   * SQLite rolled back the episode's whole transaction during a tool call (see
   * {@code EnvironmentHandle.episodeLost()}): the final state is not what the agent's actions made,
   * so the verifier is not run and there is no reward signal.
   */
  EPISODE_RESET,
  /**
   * The agent's model failed (unreachable, refused the request, errors after every retry, replies
   * that could not be used): the run says nothing about the policy, so the verifier is not run and
   * there is no reward signal. A saved run records it as {@code "stop_reason": "model_error"}.
   */
  MODEL_ERROR;

  /**
   * Whether the outcome says something about the agent (complete, incomplete or agent error).
   *
   * @return true for {@link #COMPLETE}, {@link #INCOMPLETE} and {@link #AGENT_ERROR}
   */
  public boolean isAgentSignal() {
    return this == COMPLETE || this == INCOMPLETE || this == AGENT_ERROR;
  }
}
