package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.runtime.ToolResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user of awm-runtime who also uses Jackson 2 does first: build an environment, call a tool. */
class ConsumerTest {
  @Test
  void buildsAnEnvironmentAndCallsAToolBesideJackson2() throws Exception {
    // the project's own Jackson 2 keeps working
    assertEquals("{\"k\":1}", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("k", 1)));
    Environment env = Environment.of(StarterPack.load("e_commerce"));
    try (EnvironmentHandle h = env.newHandle()) {
      ToolResult r = h.callTool("get_product", Map.of("product_id", 1));
      assertFalse(r.isError(), r.toString());
      assertTrue(r.content().contains("Aurora X2 Wireless Headphones"), r.content());
    }
  }
}
