package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.Isolation;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call that holds the front loop's thread (here: a tool run on the caller's thread that waits for
 * the test) does not stall the other connections: the loop goes on in another thread, and the held
 * call's answer still arrives once it ends. The watchdog of an idle loop parks, and the held call wakes it.
 */
class FrontLoopWatchdogTest {
  @Test
  void aCallThatHoldsTheLoopDoesNotStallOtherSessions() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Environment env = EnvironmentBuilder.create("Waiting", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("hold", ""), (db, a) -> {
          entered.countDown();
          return release.await(60, TimeUnit.SECONDS) ? "released" : "not released";
        })
        .tool(EnvironmentBuilder.tool("add", "").param("body", dev.awm.runtime.ParamType.STRING, true, ""),
            (db, a) -> db.update("INSERT INTO notes (body) VALUES (?)", a.getString("body")))
        // on the caller's thread: the tools run on the front loop itself
        .environment().isolation(Isolation.CALLER_THREAD).callTimeout(Duration.ofSeconds(90)).build();
    java.util.concurrent.ExecutorService caller = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      McpSyncClient holder = Mcp.client(server.url());
      McpSyncClient other = Mcp.client(server.url());
      try {
        // on a thread of its own: the common pool has one thread on two cores, which the JDK's HTTP client
        // (JDK 25) also needs to deliver the other client's answer
        // an idle server's watchdog parks until a call starts: the held call must wake it
        FrontLoop loop = server.running().frontLoop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!loop.watchdogAsleep() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(loop.watchdogAsleep()).as("the watchdog of an idle loop parks").isTrue();
        CompletableFuture<CallToolResult> held = CompletableFuture.supplyAsync(() -> Mcp.call(holder, "hold", Map.of()), caller);
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the held call started").isTrue();
        // the loop's thread is held: another session is still served, on the fast path
        long answered = server.running().front().jetty().getDescendant(FastToolHandler.class).answered();
        CallToolResult added = Mcp.call(other, "add", Map.of("body", "meanwhile"));
        assertThat(added.isError()).as(Mcp.text(added)).isFalse();
        assertThat(Mcp.text(added)).isEqualTo("1");
        assertThat(server.running().front().jetty().getDescendant(FastToolHandler.class).answered()).isEqualTo(answered + 1);
        assertThat(held).as("still held").isNotDone();
        release.countDown();
        CallToolResult done = held.get(30, TimeUnit.SECONDS);
        assertThat(done.isError()).as(Mcp.text(done)).isFalse();
        assertThat(Mcp.text(done)).isEqualTo("\"released\"");
        // and the loop goes on serving both
        assertThat(Mcp.text(Mcp.call(holder, "add", Map.of("body", "after")))).isEqualTo("1");
        assertThat(Mcp.text(Mcp.call(other, "add", Map.of("body", "after")))).isEqualTo("1");
      } finally {
        release.countDown();
        holder.closeGracefully();
        other.closeGracefully();
      }
    } finally {
      caller.shutdownNow();
    }
  }
}
