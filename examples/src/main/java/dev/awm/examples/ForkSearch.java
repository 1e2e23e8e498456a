package dev.awm.examples;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.TaskVerifiers;
import java.util.List;
import java.util.Map;

/**
 * A small tree search with {@code fork()}: for the shop's task "add 2 of the cheapest Voltix USB-C
 * cable that's actually in stock to my cart", the root episode searches the catalog once; each
 * candidate product becomes a branch forked from the root's state, where the agent adds it to the
 * cart; the verifier scores every leaf, and the search keeps the best.
 */
public final class ForkSearch {
  private ForkSearch() {}

  /** The product the search chose, and its reward. */
  public record Best(long productId, RewardOutcome outcome, int branches) {}

  @SuppressWarnings("unchecked")
  public static Best run(StringBuilder log) {
    EnvironmentDefinition def = StarterPack.load("e_commerce");
    Environment env = Environment.of(def);
    TaskVerifiers verifiers = TaskVerifiers.compile(env);
    int task = 1;
    try (EnvironmentHandle root = env.newHandle()) {
      ToolResult found = root.callTool("search_products", Map.of("query", "USB-C cable", "include_discontinued", true, "limit", 20));
      List<Map<String, Object>> products = (List<Map<String, Object>>) ((Map<String, Object>) found.contentValue()).get("products");
      log.append("task: ").append(def.tasks().get(task)).append('\n').append(products.size()).append(" candidate products\n");
      Best best = null;
      for (Map<String, Object> p : products) {
        long id = ((Number) p.get("id")).longValue();
        try (EnvironmentHandle branch = root.fork()) {
          ToolResult added = branch.callTool("add_to_cart", Map.of("product_id", id, "quantity", 2));
          RewardOutcome o = verifiers.reward(branch, task, "");
          log.append(String.format("  branch product %d (%s): %s -> reward %.1f%n", id, p.get("name"),
              added.isError() ? "refused: " + added.message() : "added", o.reward()));
          if (best == null || o.reward() > best.outcome().reward()) best = new Best(id, o, products.size());
        }
      }
      log.append("best: product ").append(best.productId()).append(" (").append(best.outcome().status()).append(")\n");
      return best;
    }
  }

  public static void main(String[] args) {
    StringBuilder log = new StringBuilder();
    run(log);
    System.out.print(log);
  }
}
