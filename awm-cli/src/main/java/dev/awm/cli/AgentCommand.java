package dev.awm.cli;

import dev.awm.agent.Agent;
import dev.awm.agent.AgentRun;
import dev.awm.agent.AgentStep;
import dev.awm.agent.Trajectories;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.llm.LlmConfig;
import dev.awm.llm.OpenAiClient;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RunDirectory;
import dev.awm.verify.TaskVerifiers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code awm agent}: run a task against an environment (in-process) with an OpenAI-compatible
 * model, save the run directory, and verify it.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run a tool-use agent on a task of an environment and save the run (trajectory.json, initial.db, final.db).")
final class AgentCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin
  InputDir input = new InputDir();

  @Option(names = {"--scenario", "-s"}, description = "The environment's scenario (optional with --mcp_url and --task).")
  String scenario;

  @Option(names = {"--task-id", "--task_id"}, description = "Index of the task to run (or give --task).")
  Integer taskId;

  @Option(names = "--task", description = "Free task text (not verified: it has no verifier).")
  String task;

  @Option(names = {"--api-url", "--api_url", "--vllm-url", "--vllm_url"}, description = "OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1 for vLLM (default: OPENAI_BASE_URL).")
  String apiUrl;

  @Option(names = "--model", description = "The model (default: AWM_SYN_OVERRIDE_MODEL).")
  String model;

  @Option(names = "--protocol", defaultValue = "native", description = "native (OpenAI tool calls), text (<tool_call>), or reference: "
      + "the reference implementation's text protocol and sampling settings, as the Arctic-AWM models were trained on (default ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = {"--vllm-extras", "--vllm_extras"}, arity = "0..1", fallbackValue = "true", description = "With --protocol "
      + "reference: whether the model is served by vLLM (tool messages, sampling extras). Default: as the reference decides, "
      + "from the address (it names localhost and v1 and is not Azure's); say so for a vLLM server at 127.0.0.1 or another host.")
  Boolean vllmExtras;

  @Option(names = {"--max-iterations", "--max_iterations"}, defaultValue = "30", description = "Model turns at most (default ${DEFAULT-VALUE}).")
  int maxIterations;

  @Option(names = "--temperature", description = "Sampling temperature.")
  Double temperature;

  @Option(names = {"--max-tokens", "--max_tokens"}, description = "Completion token limit per turn.")
  Integer maxTokens;

  @Option(names = {"--output-dir", "--output_dir", "-o"}, description = "Run directory (default: outputs/agents/<scenario>_<time>).")
  Path outputDir;

  @Option(names = {"--mcp-url", "--mcp_url"}, description = "Run against a remote environment over MCP instead of in-process (saves trajectory.json only).")
  java.net.URI mcpUrl;

  @Option(names = {"--envs_path", "--envs-path"}, description = "The reference's environments file (gen_envs.jsonl; the other files beside it).")
  Path envsPath;

  @Option(names = {"--tasks_path", "--tasks-path"}, description = "The reference's tasks file (gen_tasks.jsonl).")
  Path tasksPath;

  @Option(names = {"--db_path", "--db-path"}, description = "The reference's schema file (gen_db.jsonl).")
  Path dbPath;

  @Option(names = {"--sample_path", "--sample-path"}, description = "The reference's sample data file (gen_sample.jsonl).")
  Path samplePath;

  @picocli.CommandLine.Mixin
  TimeoutOptions timeouts = new TimeoutOptions();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((taskId == null) == (task == null)) throw new IllegalArgumentException("give exactly one of --task-id and --task");
    if (scenario == null && (mcpUrl == null || task == null)) throw new IllegalArgumentException("give --scenario (or --mcp_url with --task)");
    FileOptions files = new FileOptions().in("--envs_path", envsPath, dev.awm.core.AwmDirectory.ENVS).in("--tasks_path", tasksPath, dev.awm.core.AwmDirectory.TASKS)
        .in("--db_path", dbPath, dev.awm.core.AwmDirectory.DB).in("--sample_path", samplePath, dev.awm.core.AwmDirectory.SAMPLE);
    if (files.any() && input.dir != null) throw new IllegalArgumentException("give --input-dir or --envs_path/--tasks_path/--db_path/--sample_path, not both");
    String where = files.any() ? "--envs_path/--tasks_path/--db_path/--sample_path" : Definitions.where(input.dir);
    EnvironmentDefinition def = scenario == null ? null
        : files.any() ? Definitions.load(files, List.of(scenario), where).get(0)
        : Definitions.load(input.dir, List.of(scenario)).get(0);
    if (def != null && mcpUrl == null) Definitions.servable(def, where);
    String text = taskId != null ? Definitions.task(def, taskId) : task;
    Map<String, String> env = ModelChoice.withModel(System.getenv(), model);
    if (apiUrl != null) {
      // an explicit URL is an OpenAI-compatible server, whatever AWM_SYN_LLM_PROVIDER says
      env.put("AWM_SYN_LLM_PROVIDER", "openai");
      env.put("OPENAI_BASE_URL", apiUrl);
      env.putIfAbsent("OPENAI_API_KEY", "EMPTY");
    }
    timeouts.applyTo(env);
    boolean reference = protocol.equalsIgnoreCase("reference");
    Agent.Protocol p = switch (protocol.toLowerCase(Locale.ROOT)) {
      case "native" -> Agent.Protocol.NATIVE;
      case "text", "reference" -> Agent.Protocol.TEXT;
      default -> throw new IllegalArgumentException("--protocol must be native, text or reference, not '" + protocol + "'");
    };
    Path dir = outputDir != null ? outputDir
        : Path.of("outputs", "agents", (def == null ? "mcp" : def.name()) + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")));
    try (OpenAiClient client = OpenAiClient.create(LlmConfig.fromEnvironment(env))) {
      Agent.Builder b = Agent.builder(client).protocol(p).maxIterations(maxIterations);
      // the reference's preset (tool messages and sampling extras for vLLM), then the explicit options over it
      if (reference) {
        String url = apiUrl != null ? apiUrl : client.config().baseUrl();
        boolean vllm = vllmExtras != null ? vllmExtras : Agent.referenceUsesVllm(url);
        out.println("protocol: the reference's, " + (vllm ? "with" : "without") + " its vLLM settings"
            + (vllmExtras != null ? " (--vllm_extras)" : " (as the reference decides from " + url + "; --vllm_extras to choose)"));
        b.referencePreset(vllm).maxIterations(maxIterations);
      } else if (vllmExtras != null) {
        throw new IllegalArgumentException("--vllm_extras goes with --protocol reference");
      }
      if (temperature != null) b.temperature(temperature);
      if (maxTokens != null) b.maxTokens(maxTokens);
      out.println("task: " + text);
      if (mcpUrl != null) {
        try (dev.awm.mcp.McpToolSession remote = dev.awm.mcp.McpToolSession.connect(mcpUrl, java.time.Duration.ofSeconds(60))) {
          AgentRun run = b.build().run(remote, text);
          print(out, run);
          RunDirectory.writeTrajectory(dir, Trajectories.trajectory(def == null ? "" : def.scenario().name(), taskId == null ? -1 : taskId, run,
              Map.of("mcp_url", mcpUrl.toString())));
          out.println("saved: " + dir.resolve(RunDirectory.TRAJECTORY) + " (the final database stays on the server)");
          return exitCode(run, null);
        }
      }
      // in process: only now is the environment built (the remote one above needs none here)
      Environment environment = Environment.of(def);
      try (EnvironmentHandle handle = environment.newHandle()) {
        AgentRun run = b.build().run(handle, text);
        print(out, run);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("model", client.config().model());
        extra.put("protocol", p.name().toLowerCase(Locale.ROOT));
        extra.put("max_iterations", maxIterations);
        RunDirectory.SavedRun saved = new RunDirectory.SavedRun(Trajectories.trajectory(def.scenario().name(),
            taskId == null ? -1 : taskId, run, extra), environment.initialImage(), handle.serialize());
        RunDirectory.write(dir, saved);
        out.println("saved: " + dir);
        if (taskId == null) return exitCode(run, null);
        if (def.verifier(taskId).isEmpty()) {
          // the reference's agent leaves scoring to its verify step: say so, never a made-up reward
          out.println("reward: not computed: no verifier for task " + taskId + " in " + where + "; score the run with: awm verify "
              + dir + " --verifier_path FILE");
          return exitCode(run, null);
        }
        RewardOutcome o = RunDirectory.verify(dir, saved, TaskVerifiers.compile(environment));
        out.printf("reward: %.1f (%s) %s%n", o.reward(), o.status(), o.details());
        return exitCode(run, o);
      }
    }
  }

  /** 0 when the task is done (or answered, for a free task), 3 when the model failed (no signal about the task), else 1. */
  static int exitCode(AgentRun run, RewardOutcome outcome) {
    if (run.stop() == AgentRun.Stop.MODEL_ERROR) return 3;
    if (outcome == null) return run.stop() == AgentRun.Stop.ANSWERED ? 0 : 1;
    return outcome.isComplete() ? 0 : 1;
  }

  private static void print(PrintWriter out, AgentRun run) {
    for (AgentStep s : run.steps()) {
      out.printf("  %d. %s %s -> %s%n", s.iteration(), s.call().name(), JsonValues.write(s.call().arguments()),
          Text.abbreviate(s.result().isError() ? "ERROR " + s.result().message() : s.result().content(), 140));
    }
    out.println("stopped: " + run.stop().name().toLowerCase(Locale.ROOT) + (run.error().isEmpty() ? "" : " (" + run.error() + ")"));
    if (!run.finalAnswer().isEmpty()) out.println("answer: " + run.finalAnswer());
  }

}
