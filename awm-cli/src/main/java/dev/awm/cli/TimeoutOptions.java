package dev.awm.cli;

import dev.awm.llm.LlmConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/** The model client's timeouts, as options; they override the environment variables of the same meaning. */
final class TimeoutOptions {
  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long one model request may take before it fails "
      + "(default 1800, or " + LlmConfig.TIMEOUT_VARIABLE + ").")
  String timeout;

  @Option(names = {"--connect-timeout", "--connect_timeout"}, paramLabel = "SECONDS", description = "How long to wait for a "
      + "connection to the model's server (default 10, or " + LlmConfig.CONNECT_TIMEOUT_VARIABLE + ").")
  String connectTimeout;

  /** Puts the options given into {@code env} (a mutable copy of the environment) as the variables the client reads. */
  void applyTo(Map<String, String> env) {
    if (timeout != null) env.put(LlmConfig.TIMEOUT_VARIABLE, timeout);
    if (connectTimeout != null) env.put(LlmConfig.CONNECT_TIMEOUT_VARIABLE, connectTimeout);
  }
}
