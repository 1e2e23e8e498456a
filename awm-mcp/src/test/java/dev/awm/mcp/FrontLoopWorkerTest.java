package dev.awm.mcp;

import static dev.awm.mcp.RawSocket.ping;
import static dev.awm.mcp.RawSocket.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.internal.RuntimeAccess;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The front loop ({@link FrontLoop}) and calls that need a worker (host code here; generated code
 * that may get stuck in a library call in production): the call runs on a worker while the loop
 * answers others, the loop writes its answer, a call of a session busy with it goes to Jetty, and a
 * client that ends its side meanwhile still gets every answer it asked for. The tool {@code wait}
 * holds its worker until the test releases it, so nothing here depends on how fast anything runs.
 */
class FrontLoopWorkerTest {
  /** An environment of a prompt tool {@code count} and a tool {@code wait} that holds its worker until {@code release}. */
  static Environment waitingRoom(CountDownLatch entered, CountDownLatch release) {
    Environment env = EnvironmentBuilder.create("Waiting room", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .rows("notes", "INSERT INTO notes (body) VALUES ('first')")
        .tool(EnvironmentBuilder.tool("wait", ""), (db, a) -> { // host code: never on the caller's thread
          entered.countDown();
          if (!release.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
          return db.scalar("SELECT body FROM notes WHERE id = 1");
        })
        .tool(EnvironmentBuilder.tool("count", ""))
        .javaTools("import java.util.*;\nimport dev.awm.runtime.api.*;\npublic class Waiting {\n  private final Db db;\n"
            + "  public Waiting(Db db) { this.db = db; }\n"
            + "  public Object count(Args args) { return db.scalar(\"SELECT count(*) FROM notes\"); }\n}\n")
        .environment().callTimeout(Duration.ofSeconds(90)).build();
    assertThat(RuntimeAccess.door().runsOnCaller(env, "wait")).isFalse();
    assertThat(RuntimeAccess.door().runsOnCaller(env, "count")).isTrue();
    return env;
  }

  @Test
  void aCallOnAWorkerDoesNotHoldTheLoopUp() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (McpEnvironmentServer waiting = McpEnvironmentServer.builder(waitingRoom(entered, release)).build().start();
        RawSocket a = new RawSocket(waiting.url()); RawSocket b = new RawSocket(waiting.url()); RawSocket same = new RawSocket(waiting.url())) {
      FrontLoop loop = waiting.running().frontLoop();
      String first = a.initialize();
      String second = b.initialize();
      AtomicInteger takes = new AtomicInteger();
      waiting.running().registry().takenHook = s -> {
        if (s.id.equals(first)) takes.incrementAndGet();
      };
      a.write(a.post(first, toolCall(1, "wait", "{}")));
      assertThat(entered.await(20, TimeUnit.SECONDS)).as("the call reached its worker").isTrue();

      // meanwhile the loop answers another session's call on another connection
      RawSocket.Response other = b.exchange(b.post(second, toolCall(2, "count", "{}")));
      assertThat(other.resultText()).isEqualTo("1");
      assertThat(loop.answered()).isEqualTo(1);
      // and a call of the busy session is left to Jetty, whose thread waits for the session's handle
      same.write(same.post(first, toolCall(3, "count", "{}")));
      assertThat(Mcp.eventually(20, () -> takes.get() == 3)).as("taken by its worker, by the loop (which let go), by Jetty").isTrue();
      assertThat(b.exchange(b.post(second, ping(4))).id()).isEqualTo(4);
      assertThat(a.socket.getInputStream().available()).as("the waiting call has no answer yet").isZero();

      release.countDown();
      RawSocket.Response waited = a.read();
      assertThat(waited.status()).isEqualTo(200);
      assertThat(waited.header("Content-Length")).isNotNull();
      assertThat(waited.id()).isEqualTo(1);
      assertThat(waited.resultText()).isEqualTo("\"first\"");
      RawSocket.Response queued = same.read();
      assertThat(queued.id()).isEqualTo(3);
      assertThat(queued.resultText()).isEqualTo("1");
      assertThat(loop.answered()).as("the worker's answer was written by the loop, the busy session's by Jetty").isEqualTo(2);
      // the connection goes on after an answer from a worker
      assertThat(a.exchange(a.post(first, toolCall(5, "count", "{}"))).resultText()).isEqualTo("1");
      assertThat(a.exchange(a.post(first, ping(6))).id()).isEqualTo(6);
      assertThat(loop.answered()).isEqualTo(3);
    }
  }

  @Test
  void aClientThatEndsItsSideWhileAWorkerHasItsCallGetsEveryAnswer() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (McpEnvironmentServer waiting = McpEnvironmentServer.builder(waitingRoom(entered, release)).build().start();
        RawSocket c = new RawSocket(waiting.url())) {
      String session = c.initialize();
      // a call on a worker, a relayed request and a fast call, then the end of the client's side, all before the worker is let go:
      // the end arrives while the call is on its worker (once the front dropped the call), and before the relayed
      // request's answer (once the front dropped the requests after it)
      c.write(c.post(session, toolCall(1, "wait", "{}")) + c.post(session, ping(2)) + c.post(session, toolCall(3, "count", "{}")));
      c.shutdownOutput();
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      assertThat(c.readAll()).extracting(RawSocket.Response::id).containsExactly(1L, 2L, 3L);
      assertThat(waiting.running().frontLoop().answered()).isEqualTo(2);
    }
  }
}
