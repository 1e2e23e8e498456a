package dev.awm.mcp;

import static dev.awm.mcp.Mcp.call;
import static dev.awm.mcp.Mcp.eventually;
import static dev.awm.mcp.Mcp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.AwmDirectory;
import dev.awm.core.Endpoint;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.Scenario;
import dev.awm.core.StarterPack;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server, many environments: a path per environment, compiled on first use, within a bound. */
class McpManyEnvironmentsTest {
  static final String SHOP = "e_commerce", CALENDAR = "calendar_booking", TRACKER = "project_tracker";
  @TempDir
  static Path dir;

  @BeforeAll
  static void writeTheStarterPackToADirectory() throws Exception {
    AwmDirectory.write(dir, StarterPack.definitions());
  }

  @Test
  void sessionsOnEachEnvironmentSeeTheirOwnToolsAndTheStatsCountThem() throws Exception {
    EnvironmentCatalog catalog = EnvironmentCatalog.load(dir);
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).build().start()) {
      assertThat(catalog.compilations()).as("nothing compiled at start").isZero();
      assertThat(server.url(SHOP).toString()).endsWith("/mcp/" + SHOP);
      try (McpSyncClient shop = Mcp.client(server.url(SHOP)); McpSyncClient calendar = Mcp.client(server.url(CALENDAR))) {
        assertThat(shop.getCurrentInitializationResult().serverInfo().name()).isEqualTo("awm-" + SHOP);
        assertThat(calendar.getCurrentInitializationResult().serverInfo().name()).isEqualTo("awm-" + CALENDAR);
        assertThat(shop.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyElementsOf(toolNames(SHOP));
        assertThat(calendar.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyElementsOf(toolNames(CALENDAR))
            .doesNotContain("add_to_cart");
        assertThat(call(shop, "add_to_cart", Map.of("product_id", 5, "quantity", 2)).isError()).isFalse();
        assertThat(call(shop, "get_product", Map.of("product_id", 9999)).isError()).isTrue();
        assertThat(call(calendar, "add_to_cart", Map.of("product_id", 5, "quantity", 2)).isError()).as("not its tool").isTrue();
        assertThat(catalog.compilations()).isEqualTo(2);

        Map<String, Object> listing = get(server, "/environments");
        assertThat(row(listing, SHOP)).containsEntry("compiled", true).containsEntry("tools", (long) toolNames(SHOP).size())
            .containsEntry("sessions", 1L);
        assertThat(row(listing, TRACKER)).containsEntry("compiled", false).containsEntry("sessions", 0L).doesNotContainKey("tools");

        Map<String, Object> stats = get(server, "/stats");
        assertThat(stats).containsEntry("sessions", 2L).containsEntry("calls", 3L).containsEntry("errors", 2L);
        assertThat(stats.get("sessionsByEnvironment")).isEqualTo(Map.of(SHOP, 1L, CALENDAR, 1L));
        assertThat(stats.get("callsByEnvironment")).isEqualTo(Map.of(SHOP, 2L, CALENDAR, 1L));
        assertThat(stats.get("errorsByEnvironment")).isEqualTo(Map.of(SHOP, 1L, CALENDAR, 1L));
        assertThat(stats.get("compileCache")).isEqualTo(Map.of("size", 2L, "max", (long) EnvironmentCatalog.DEFAULT_MAX_COMPILED,
            "hits", 0L, "misses", 2L, "evictions", 0L));
        try (McpSyncClient second = Mcp.client(server.url(SHOP))) {
          assertThat(call(second, "get_cart", Map.of()).isError()).isFalse();
        }
        assertThat(((Map<?, ?>) get(server, "/stats").get("compileCache")).get("hits")).isEqualTo(1L);
      }
      assertThat(get(server, "/healthz")).containsEntry("status", "up");
      assertThat(get(server, "/readyz")).containsEntry("status", "ready");
    }
  }

  @Test
  void anUnknownEnvironmentIs404NamingItAndTheListing() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(EnvironmentCatalog.load(dir)).build().start()) {
      for (String path : List.of("/mcp/no_such_place", "/mcp")) {
        HttpResponse<String> r = new RawHttp(URI.create(server.url() + path.substring(4))).post(null, RawHttp.INITIALIZE).join();
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        Map<?, ?> error = (Map<?, ?>) RawHttp.message(r).get("error");
        Map<?, ?> data = (Map<?, ?>) error.get("data");
        assertThat(data.get("environments")).isEqualTo("http://127.0.0.1:" + server.port() + "/environments");
        assertThat((String) error.get("message")).contains("/environments");
        if (path.length() > 4) assertThat(data.get("environment")).isEqualTo("no_such_place");
      }
      assertThat(server.catalog().compilations()).isZero();
    }
  }

  @Test
  void aSessionIsDeletedOnlyAtItsOwnEndpointAndADeleteElsewhereIs404() throws Exception {
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(EnvironmentCatalog.load(dir)).build().start()) {
      RawHttp shop = new RawHttp(server.url(SHOP));
      String session = session(shop);
      session(new RawHttp(server.url(CALENDAR))); // compiled, so its endpoint is served
      String base = server.url().toString();
      for (String elsewhere : List.of(base + "/" + CALENDAR, base + "/" + TRACKER, base + "/no_such_place", base, base + "/" + SHOP + "/x")) {
        HttpResponse<String> r = new RawHttp(URI.create(elsewhere)).delete(session).join();
        assertThat(r.statusCode()).as("DELETE at %s", elsewhere).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        Map<?, ?> error = (Map<?, ?>) RawHttp.message(r).get("error");
        assertThat(error.get("code")).isEqualTo((long) JsonRpcError.TRANSPORT_ERROR);
        if (!elsewhere.endsWith("/x")) assertThat((String) error.get("message")).contains("/mcp/" + SHOP);
        assertThat(server.liveSessions()).as("after DELETE at %s", elsewhere).isEqualTo(2);
      }
      HttpResponse<String> call = shop.post(session, RawHttp.toolCall(2, "get_cart", Map.of())).join();
      assertThat(call.statusCode()).as("the session is still usable").isEqualTo(200);
      assertThat(RawHttp.message(call)).containsKey("result");
      assertThat(shop.delete(session).join().statusCode()).as("at its own endpoint").isEqualTo(200);
      assertThat(server.liveSessions()).isEqualTo(1);
      assertThat(shop.post(session, RawHttp.toolCall(3, "get_cart", Map.of())).join().statusCode()).isEqualTo(404);
    }
  }

  /** A new initialized session at {@code raw}'s endpoint. */
  private static String session(RawHttp raw) {
    HttpResponse<String> init = raw.post(null, RawHttp.INITIALIZE).join();
    assertThat(init.statusCode()).isEqualTo(200);
    String id = init.headers().firstValue("mcp-session-id").orElseThrow();
    assertThat(raw.post(id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").join().statusCode()).isEqualTo(202);
    return id;
  }

  @Test
  void theBoundEvictsTheLeastRecentlyUsedIdleEnvironmentAndRecompilesItOnNextUse() throws Exception {
    EnvironmentCatalog catalog = EnvironmentCatalog.builder(AwmDirectory.load(dir)).maxCompiled(2).build();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).build().start()) {
      for (String name : List.of(SHOP, CALENDAR, TRACKER)) {
        McpSyncClient c = Mcp.client(server.url(name));
        try {
          assertThat(c.listTools().tools()).isNotEmpty();
        } finally {
          c.closeGracefully(); // HTTP DELETE: the session ends
        }
      }
      // the third compiled one went past the bound of 2: the shop, used least recently and idle, went
      assertThat(eventually(60, () -> !compiled(server, SHOP))).isTrue();
      assertThat(compiled(server, CALENDAR) && compiled(server, TRACKER)).isTrue();
      McpSyncClient again = Mcp.client(server.url(SHOP));
      assertThat(call(again, "get_cart", Map.of()).isError()).as("recompiled on its next use").isFalse();
      again.closeGracefully();
      assertThat(catalog.compilations()).isEqualTo(4);
      assertThat(map(get(server, "/stats").get("compileCache"))).containsEntry("evictions", 2L).containsEntry("misses", 4L);
    }
  }

  @Test
  void anEnvironmentWithLiveSessionsIsNotEvicted() throws Exception {
    EnvironmentCatalog catalog = EnvironmentCatalog.builder(AwmDirectory.load(dir)).maxCompiled(1).build();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).build().start()) {
      McpSyncClient shop = Mcp.client(server.url(SHOP));
      try (McpSyncClient calendar = Mcp.client(server.url(CALENDAR))) {
        assertThat(compiled(server, SHOP) && compiled(server, CALENDAR)).as("both busy: over the bound, none evicted").isTrue();
        assertThat(call(shop, "add_to_cart", Map.of("product_id", 5, "quantity", 2)).isError()).isFalse();
        assertThat(Mcp.text(call(shop, "get_cart", Map.of()))).as("the busy shop kept its database").contains("Voltix");
        shop.closeGracefully();
        // the shop is idle now, and least recently used: back within the bound
        assertThat(eventually(60, () -> !compiled(server, SHOP))).isTrue();
        assertThat(compiled(server, CALENDAR)).isTrue();
        assertThat(call(calendar, "list_calendars", Map.of()).isError()).isFalse();
      }
      assertThat(catalog.compilations()).isEqualTo(2);
    }
  }

  @Test
  void concurrentFirstUsesCompileOnce() throws Exception {
    EnvironmentCatalog catalog = EnvironmentCatalog.load(dir);
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).build().start()) {
      RawHttp raw = new RawHttp(server.url(TRACKER));
      List<CompletableFuture<HttpResponse<String>>> inits = new ArrayList<>();
      for (int i = 0; i < 8; i++) inits.add(raw.post(null, RawHttp.INITIALIZE));
      for (CompletableFuture<HttpResponse<String>> f : inits) assertThat(f.join().statusCode()).isEqualTo(200);
      assertThat(catalog.compilations()).isEqualTo(1);
      assertThat(server.liveSessions()).isEqualTo(8);
    }
  }

  @Test
  void twoHundredEnvironmentsStartWithoutCompilingAny(@TempDir Path many) throws Exception {
    EnvironmentDefinition tracker = StarterPack.load(TRACKER);
    List<EnvironmentDefinition> copies = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      copies.add(tracker.toBuilder().scenario(new Scenario(String.format("tracker_%03d", i), tracker.scenario().description())).build());
    }
    AwmDirectory.write(many, copies);
    EnvironmentCatalog catalog = EnvironmentCatalog.load(many);
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).build().start()) {
      assertThat(catalog.compilations()).isZero();
      List<?> rows = (List<?>) get(server, "/environments").get("environments");
      assertThat(rows).hasSize(200).allSatisfy(r -> assertThat(map(r)).containsEntry("compiled", false));
      try (McpSyncClient c = Mcp.client(server.url("tracker_123"))) {
        assertThat(c.listTools().tools()).hasSize(tracker.spec().endpoints().size());
      }
      assertThat(catalog.compilations()).isEqualTo(1);
    }
  }

  @Test
  void rewardMapsValueTheOutcomeAndTheSessionChoosesItsTask() throws Exception {
    EnvironmentCatalog catalog = EnvironmentCatalog.load(dir);
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).episodeControl(true)
        .rewardPolicy(dev.awm.verify.RewardPolicy.parse("openenv")).build().start();
        McpSyncClient trainer = Mcp.client(server.url(SHOP))) {
      Map<String, Object> reset = json(call(trainer, "awm_reset", Map.of("task", 1)));
      assertThat(reset).containsEntry("reset", true).containsEntry("task", 1L)
          .containsEntry("instruction", StarterPack.load(SHOP).tasks().get(1));
      assertThat(json(call(trainer, "awm_reward", Map.of()))).containsEntry("task", 1L).containsEntry("status", "incomplete")
          .containsEntry("reward", 0.1);
      assertThat(json(call(trainer, "awm_reward", Map.of("format_error", true)))).containsEntry("status", "agent_error")
          .containsEntry("reward", -1.0);
      assertThat(call(trainer, "add_to_cart", Map.of("product_id", 5, "quantity", 2)).isError()).isFalse();
      assertThat(json(call(trainer, "awm_reward", Map.of()))).containsEntry("status", "complete").containsEntry("reward", 1.0);
      assertThat(Mcp.text(call(trainer, "awm_reset", Map.of("task", 99)))).contains("0..");
    }
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(catalog).episodeControl(true).build().start();
        McpSyncClient trainer = Mcp.client(server.url(SHOP))) {
      assertThat(json(call(trainer, "awm_reward", Map.of("task", 1)))).as("the default map").containsEntry("reward", 0.0);
      assertThat(json(call(trainer, "awm_reward", Map.of("task", 1, "format_error", true)))).containsEntry("reward", 0.0);
    }
  }

  /** The tool names of a starter environment, from its spec. */
  private static List<String> toolNames(String scenario) {
    return StarterPack.load(scenario).spec().endpoints().stream().map(Endpoint::operationId).toList();
  }

  private static boolean compiled(McpEnvironmentServer server, String name) {
    try {
      return Boolean.TRUE.equals(row(get(server, "/environments"), name).get("compiled"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> row(Map<String, Object> listing, String name) {
    for (Object r : (List<?>) listing.get("environments")) {
      if (name.equals(((Map<?, ?>) r).get("name"))) return (Map<String, Object>) r;
    }
    throw new AssertionError("no " + name + " in " + listing);
  }

  /** GET {@code path} on the server, as JSON (status 200). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> get(McpEnvironmentServer server, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (Map<String, Object>) JsonValues.parse(r.body());
  }
}
