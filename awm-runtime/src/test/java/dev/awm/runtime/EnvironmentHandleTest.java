package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentHandleTest {
  private final Environment env = TestEnvironments.bookshop();

  private static long stock(EnvironmentHandle h, long book) {
    return (Long) h.query("SELECT stock FROM books WHERE id = ?", book).get(0).get("stock");
  }

  private static long count(EnvironmentHandle h, String table) {
    return (Long) h.query("SELECT COUNT(*) AS n FROM " + table).get(0).get("n");
  }

  /** Every table's rows, to compare whole states. */
  private static Map<String, List<Map<String, Object>>> dump(EnvironmentHandle h) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (String t : List.of("users", "authors", "books", "orders", "order_items", "reviews")) {
      out.put(t, h.query("SELECT * FROM " + t + " ORDER BY id"));
    }
    return out;
  }

  @Test
  void toolsAreDerivedFromTheSpec() {
    try (EnvironmentHandle h = env.newHandle()) {
      assertThat(h.listTools()).extracting(ToolDescriptor::name).containsExactly(
          "search_books", "get_book", "create_order", "list_orders", "cancel_order", "add_review", "delete_review", "update_email");
      ToolDescriptor order = env.tool("create_order").orElseThrow();
      assertThat(order.description()).startsWith("Order a book. Create a pending order");
      assertThat(order.inputSchema()).containsEntry("type", "object").containsEntry("required", List.of("book_id", "quantity"))
          .containsEntry("additionalProperties", false);
      assertThat(order.inputSchemaJson()).contains("\"book_id\":{\"type\":\"integer\"");
      assertThat(env.tool("search_books").orElseThrow().inputSchemaJson()).contains("\"max_price\":{\"type\":\"number\"");
    }
  }

  @Test
  void readAndWriteTools() {
    try (EnvironmentHandle h = env.newHandle()) {
      ToolResult search = h.callTool("search_books", "{\"query\": \"Le Guin\"}");
      assertThat(search.isError()).isFalse();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> books = (List<Map<String, Object>>) ((Map<String, Object>) search.contentValue()).get("books");
      assertThat(books).extracting(b -> b.get("title")).containsExactly("The Dispossessed", "The Left Hand of Darkness");

      ToolResult order = h.callTool("create_order", Map.of("book_id", 2, "quantity", 2));
      assertThat(order.isError()).as(order.message()).isFalse();
      assertThat(order.content()).contains("\"status\":\"pending\"").contains("\"total\":24.0");
      assertThat(stock(h, 2)).isEqualTo(2);
      assertThat(count(h, "orders")).isEqualTo(4);
    }
  }

  @Test
  void resetRestoresTheInitialStateAfterWrites() {
    try (EnvironmentHandle h = env.newHandle()) {
      Map<String, List<Map<String, Object>>> initial = dump(h);
      assertThat(h.callTool("create_order", Map.of("book_id", 1, "quantity", 3)).isError()).isFalse();
      assertThat(h.callTool("cancel_order", Map.of("order_id", 2)).isError()).isFalse();
      assertThat(h.callTool("update_email", Map.of("email", "new@example.org")).isError()).isFalse();
      assertThat(h.callTool("add_review", Map.of("book_id", 3, "rating", 5, "body", "A classic")).isError()).isFalse();
      assertThat(dump(h)).isNotEqualTo(initial);

      h.reset();
      assertThat(dump(h)).isEqualTo(initial);

      // the handle works as before after a reset, and a second episode resets too
      assertThat(h.callTool("delete_review", Map.of("review_id", 1)).isError()).isTrue();
      assertThat(h.callTool("create_order", Map.of("book_id", 3, "quantity", 1)).isError()).isFalse();
      h.reset();
      assertThat(dump(h)).isEqualTo(initial);
      assertThat(h.resets()).isEqualTo(2);
    }
  }

  @Test
  void fallbackRestoreFromTheImageGivesTheInitialState() {
    try (EnvironmentHandle h = env.newHandle()) {
      Map<String, List<Map<String, Object>>> initial = dump(h);
      h.callTool("create_order", Map.of("book_id", 1, "quantity", 1));
      h.restoreImage();
      assertThat(dump(h)).isEqualTo(initial);
      assertThat(h.callTool("create_order", Map.of("book_id", 1, "quantity", 1)).isError()).isFalse();
      h.reset();
      assertThat(dump(h)).isEqualTo(initial);
    }
  }

  @Test
  void handlesDoNotSeeEachOthersWrites() {
    try (EnvironmentHandle a = env.newHandle(); EnvironmentHandle b = env.newHandle()) {
      assertThat(a.callTool("create_order", Map.of("book_id", 1, "quantity", 4)).isError()).isFalse();
      assertThat(b.callTool("update_email", Map.of("email", "b@example.org")).isError()).isFalse();
      assertThat(stock(a, 1)).isEqualTo(6);
      assertThat(stock(b, 1)).isEqualTo(10);
      assertThat(a.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "reader@example.com");
      assertThat(b.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "b@example.org");
      a.reset();
      assertThat(b.query("SELECT email FROM users WHERE id = 1").get(0)).containsEntry("email", "b@example.org");
    }
  }

  @Test
  void aThousandHandlesCoexist() {
    List<EnvironmentHandle> handles = new ArrayList<>();
    int before = env.liveHandles();
    try {
      for (int i = 0; i < 1000; i++) {
        EnvironmentHandle h = env.newHandle();
        handles.add(h);
        assertThat(h.callTool("update_email", Map.of("email", "user" + i + "@example.org")).isError()).isFalse();
      }
      assertThat(env.liveHandles()).isEqualTo(before + 1000);
      for (int i = 0; i < 1000; i += 111) {
        assertThat(handles.get(i).query("SELECT email FROM users WHERE id = 1").get(0))
            .containsEntry("email", "user" + i + "@example.org");
      }
    } finally {
      handles.forEach(EnvironmentHandle::close);
    }
    assertThat(env.liveHandles()).isEqualTo(before);
  }

  @Test
  void aClosedHandleRefusesCalls() {
    EnvironmentHandle h = env.newHandle();
    h.close();
    h.close();
    assertThat(h.isClosed()).isTrue();
    assertThatThrownBy(() -> h.callTool("get_book", Map.of("book_id", 1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("bookshop").hasMessageContaining("closed");
    assertThatThrownBy(h::reset).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(h::listTools).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readOnlyQueriesCannotWrite() {
    try (EnvironmentHandle h = env.newHandle()) {
      assertThatThrownBy(() -> h.query("UPDATE books SET stock = 0"))
          .hasMessageContaining("readonly");
      assertThatThrownBy(() -> h.query("WITH x AS (SELECT 1) DELETE FROM books"))
          .hasMessageContaining("readonly");
      assertThat(stock(h, 1)).isEqualTo(10);
      assertThat(h.callTool("create_order", Map.of("book_id", 1, "quantity", 1)).isError()).isFalse();
      assertThat(stock(h, 1)).isEqualTo(9);
    }
  }
}
