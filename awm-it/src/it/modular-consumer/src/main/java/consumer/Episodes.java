package consumer;

import dev.awm.core.StarterPack;
import dev.awm.core.ToolCall;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ScriptedModel;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ParamType;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import dev.awm.verify.api.Verdict;
import java.util.List;
import java.util.Map;

/** What a modular user does: environments from the starter pack and from code, tool calls, rewards. */
public final class Episodes {
  private Episodes() {}

  /** A starter environment (generated Java tools, compiled by Janino): a tool call's result. */
  public static ToolResult starterCall() {
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    try (EnvironmentHandle h = env.newHandle()) {
      return h.callTool("get_product", Map.of("product_id", 1));
    }
  }

  /** A starter task's reward from its generated verifier, on the untouched initial state. */
  public static RewardOutcome starterReward() {
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    try (EnvironmentHandle h = env.newHandle()) {
      return verifiers.reward(h, 0, "");
    }
  }

  /** An environment written in code with a host tool and a host verifier: the reward after the tool ran. */
  public static RewardOutcome builtReward() {
    Environment env = EnvironmentBuilder.create("Notes", "a note list")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("add_note", "Add a note").param("body", ParamType.STRING, true, "The text"),
            (db, args) -> Map.of("id", db.insert("INSERT INTO notes (body) VALUES (?)", args.getString("body"))))
        .task("Note milk", (initial, current, answer) -> current.query("SELECT id FROM notes WHERE body = 'milk'").isEmpty()
            ? Verdict.others("no milk") : Verdict.complete("milk"), List.of(new ToolCall("add_note", Map.of("body", "milk"))), "ok")
        .build();
    try (EnvironmentHandle h = env.newHandle()) {
      h.callTool("add_note", Map.of("body", "milk"));
      return TaskVerifiers.compile(env).reward(h, 0, "ok");
    }
  }

  /** A scripted model's answer, through the model API of awm-llm. */
  public static String scriptedAnswer() {
    ScriptedModel model = ScriptedModel.builder().answer("tasks", "", "{\"tasks\":[]}").build();
    return model.chat(ChatRequest.builder().user("list the tasks").purpose("stage", "tasks").build()).text();
  }
}
