package dev.awm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.StarterPack;
import dev.awm.llm.ChatMessage;
import dev.awm.llm.ChatRequest;
import dev.awm.llm.ChatResponse;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolSession;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.RunDirectory;
import dev.awm.verify.TaskVerifiers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a conversation written in the reference implementation's text protocol
 * ({@code awm/core/agent.py}) against a starter environment, and checks what the agent sends back
 * is in the reference's format.
 */
class ReferenceProtocolTest {
  private static final int TASK = 6;
  private final EnvironmentDefinition def = StarterPack.load("e_commerce");

  /** The assistant turns, as an Arctic-AWM model writes them (thinking, then one call). */
  private static List<String> script() {
    String json = JsonValues.write(Map.of("status", "delivered"));
    return List.of(
        "<think>\nI should see the tools first.\n</think>\n\n<tool_call>\n{\"name\": \"list_tools\", \"arguments\": null}\n</tool_call>",
        // the trained form: call_tool, the tool with its mcp_tool_ prefix, its arguments as a JSON string
        "<tool_call>\n" + JsonValues.write(Map.of("name", "call_tool", "arguments",
            Map.of("tool_name", "mcp_tool_list_orders", "arguments", json))) + "\n</tool_call>",
        // the system prompt's example copied with unescaped quotes, and a second block in the same message
        "Let me check the product.\n<tool_call>\n{\"name\": \"call_tool\", \"arguments\": {\"tool_name\": \"mcp_tool_get_product\", "
            + "\"arguments\": \"{\"product_id\": 1}\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"list_tools\", \"arguments\": null}\n</tool_call>",
        // call_tool's own arguments as one JSON string
        "<tool_call>\n{\"name\": \"call_tool\", \"arguments\": \"{\\\"tool_name\\\": \\\"get_order\\\", \\\"arguments\\\": {\\\"order_id\\\": 3}}\"}\n</tool_call>",
        // the tool called directly by its listed name, in a list
        "<tool_call>\n[" + JsonValues.write(Map.of("name", "mcp_tool_create_review", "arguments", Map.of("product_id", 1, "rating", 4,
            "title", "Great sound", "body", "Comfortable, and the battery lasts all week."))) + "]\n</tool_call>",
        "I left a 4-star review titled 'Great sound' on the headphones from your April order.");
  }

  /** Answers with {@link #script()} in order and keeps every request. */
  private static final class Scripted implements dev.awm.llm.ChatModel {
    final List<ChatRequest> requests = new ArrayList<>();
    private final List<String> turns = script();

    @Override
    public ChatResponse chat(ChatRequest request) {
      requests.add(request);
      return ChatResponse.text(turns.get(requests.size() - 1));
    }
  }

  @Test
  void aReferenceConversationReplaysWithToolMessagesAndTheVllmPreset(@TempDir Path dir) throws Exception {
    Scripted model = new Scripted();
    Environment env = Environment.of(def);
    AgentRun run;
    try (EnvironmentHandle handle = env.newHandle()) {
      ToolSession session = handle;
      run = Agent.builder(model).referencePreset().build().run(session, def.tasks().get(TASK));
      Trajectories.save(dir, handle, TASK, run, Map.of("model", "Snowflake/Arctic-AWM-4B"));
    }
    assertThat(run.stop()).isEqualTo(AgentRun.Stop.ANSWERED);
    assertThat(RunDirectory.verify(dir, TaskVerifiers.compile(env)).status()).isEqualTo(RewardStatus.COMPLETE);
    assertThat(run.steps()).extracting(s -> s.call().name())
        .containsExactly("list_tools", "list_orders", "get_product", "get_order", "create_review");
    assertThat(run.steps()).allSatisfy(s -> assertThat(s.result().isError()).as(s.result().message()).isFalse());
    assertThat(JsonValues.write(run.steps().get(2).call().arguments())).isEqualTo(JsonValues.write(Map.of("product_id", 1)));
    // trajectory.json in the reference's shape: the turn's text, its call and the response, then a final entry
    tools.jackson.databind.JsonNode saved = JsonValues.MAPPER.readTree(java.nio.file.Files.readString(dir.resolve("trajectory.json")));
    tools.jackson.databind.JsonNode steps = saved.path("trajectory");
    assertThat(steps).hasSize(run.steps().size() + 1);
    tools.jackson.databind.JsonNode second = steps.get(1);
    assertThat(second.path("iteration").asInt()).isEqualTo(2);
    assertThat(second.path("role").asString()).isEqualTo("assistant");
    assertThat(second.path("content").asString()).isEqualTo(script().get(1));
    assertThat(second.path("tool_calls").get(0).path("id").asString()).isEqualTo("call_2_0");
    assertThat(second.path("tool_calls").get(0).path("name").asString()).isEqualTo("list_orders");
    assertThat(second.path("tool_response").path("tool_call_id").asString()).isEqualTo("call_2_0");
    assertThat(second.path("tool_response").path("content").asString()).isEqualTo(run.steps().get(1).result().content());
    tools.jackson.databind.JsonNode last = steps.get(steps.size() - 1);
    assertThat(last.path("is_final").asBoolean()).isTrue();
    assertThat(last.path("tool_calls")).isEmpty();
    assertThat(last.path("content").asString()).isEqualTo(run.finalAnswer());

    // the reference's vLLM settings (Config and generate_response's extra_body)
    ChatRequest first = model.requests.get(0);
    assertThat(first.temperature()).isEqualTo(1.0);
    assertThat(first.maxTokens()).isEqualTo(2048);
    assertThat(first.tools()).isEmpty();
    assertThat(first.extraBody()).containsEntry("min_tokens", 16L).containsEntry("add_generation_prompt", true)
        .containsEntry("chat_template_kwargs", Map.of("enable_thinking", true));
    String system = first.messages().get(0).content();
    assertThat(system).startsWith("# MCP Tools").contains("user id", "is 1", "TWO functions", "<tools>", "1. list_tools", "2. call_tool",
        "{\"name\": \"list_tools\", \"arguments\": null}", "\"tool_name\": \"get_weather\"");
    assertThat(first.messages().get(1)).isEqualTo(ChatMessage.user(def.tasks().get(TASK)));

    // every tool result goes back as a tool message answering the turn's call
    for (int i = 1; i < model.requests.size(); i++) {
      List<ChatMessage> sent = model.requests.get(i).messages();
      assertThat(sent).hasSize(2 + 2 * i);
      assertThat(sent.get(sent.size() - 2)).isEqualTo(ChatMessage.assistant(script().get(i - 1)));
      ChatMessage result = sent.get(sent.size() - 1);
      assertThat(result.role()).isEqualTo("tool");
      assertThat(result.toolCallId()).isEqualTo("call_" + i + "_0");
      assertThat(result.content()).doesNotContain("Exception", "listTools()", "callTool(", "Tool response:");
    }
    String tools = model.requests.get(1).messages().get(3).content();
    assertThat(tools).startsWith("Available MCP Tools (39 tools):\n" + "=".repeat(80) + "\n\n1. mcp_tool_get_my_profile\n   Description: ")
        .contains("\n   Parameters: None\n\n2. mcp_tool_update_my_profile\n")
        .contains("\n9. mcp_tool_create_review\n   Description: Write a review.")
        .contains("   Parameters:\n      - product_id: integer (required)\n        Description: The product to review\n"
            + "      - rating: integer (required)\n");
    assertThat(tools).doesNotEndWith("\n");
    assertThat(content(model, 2)).isEqualTo(run.steps().get(1).result().content());
    assertThat(content(model, 3)).startsWith(run.steps().get(2).result().content())
        .endsWith("(Only the first <tool_call> of a message is run: the other 1 was ignored. Call one function per step.)");
    assertThat(content(model, 4)).isEqualTo(run.steps().get(3).result().content());
  }

  private static String content(Scripted model, int turn) {
    List<ChatMessage> sent = model.requests.get(turn).messages();
    return sent.get(sent.size() - 1).content();
  }

  @Test
  void offVllmToolResultsAreUserMessagesAndBadCallsAreExplainedInTheModelsTerms() {
    List<String> turns = List.of(
        "<tool_call>\n{\"name\": \"call_tool\", \"arguments\": {\"tool_name\": \"mcp_tool_no_such_tool\", \"arguments\": \"{}\"}}\n</tool_call>",
        "<tool_call>\n{\"name\": \"call_tool\", \"arguments\": {\"tool_name\": \"mcp_tool_get_product\", \"arguments\": \"[1, 2]\"}}\n</tool_call>",
        "<tool_call>\n{\"name\": \"call_tool\", \"arguments\": {\"tool_name\": \"get_product\", \"argu\n</tool_call>",
        "<tool_call>\n{\"name\": \"call_tool\", \"arguments\": {\"arguments\": \"{}\"}}\n</tool_call>",
        "I cannot do it.");
    List<ChatRequest> requests = new ArrayList<>();
    try (EnvironmentHandle handle = Environment.of(def).newHandle()) {
      AgentRun run = Agent.builder(r -> {
        requests.add(r);
        return ChatResponse.text(turns.get(requests.size() - 1));
      }).referencePreset(false).build().run(handle, "x");
      assertThat(run.stop()).isEqualTo(AgentRun.Stop.ANSWERED);
      // the run keeps the reference's stored form (tool messages), whatever was sent
      assertThat(run.messages().get(3).role()).isEqualTo("tool");
    }
    assertThat(requests.get(0).extraBody()).isEmpty();
    assertThat(requests.get(0).temperature()).isEqualTo(1.0);
    List<String> replies = new ArrayList<>();
    for (int i = 1; i < requests.size(); i++) {
      ChatMessage last = requests.get(i).messages().get(requests.get(i).messages().size() - 1);
      assertThat(last.role()).isEqualTo("user");
      assertThat(last.content()).startsWith("Tool response:\nError: ");
      assertThat(last.content()).doesNotContain("Exception", "Jackson", "listTools()", "IllegalArgument", "\tat ");
      replies.add(last.content());
    }
    assertThat(replies.get(0)).contains("unknown tool 'no_such_tool'").contains("see list_tools");
    assertThat(replies.get(1)).contains("\"arguments\" of call_tool for 'get_product' must be a JSON object");
    assertThat(replies.get(2)).contains("the <tool_call> block is not valid JSON");
    assertThat(replies.get(3)).contains("call_tool needs \"tool_name\"");
  }

  @Test
  void theToolListFollowsTheReferenceFormatForDefaultsEnumsAndNestedObjects() {
    Map<String, Object> schema = JsonValues.immutableCopy(Map.of("type", "object", "required", List.of("filter"), "properties",
        new java.util.LinkedHashMap<>(Map.of("filter", Map.of("type", "object", "required", List.of("kind"), "properties",
            Map.of("kind", Map.of("type", "string", "enum", List.of("a", "b")))), "strict", Map.of("type", "boolean", "default", false)))));
    String out = TextProtocol.toolList(List.of(new dev.awm.runtime.ToolDescriptor("mcp_tool_find", "Find things.\n  More here.\n\n", schema),
        new dev.awm.runtime.ToolDescriptor("list_tools", "meta", null)));
    assertThat(out).startsWith("Available MCP Tools (1 tools):\n").contains("1. mcp_tool_find\n   Description: Find things.\n   More here.\n   Parameters:\n");
    assertThat(out).contains("      - filter: object (required)\n        Properties:\n          - kind: string (required)\n"
        + "            Allowed values: ['a', 'b']");
    assertThat(out).contains("      - strict: boolean (optional)\n        Default: False");
  }
}
