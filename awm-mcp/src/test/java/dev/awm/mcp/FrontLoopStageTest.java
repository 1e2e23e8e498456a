package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentBuilder;
import dev.awm.runtime.Isolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The front loop's call stage ({@link FrontLoop}): the calls read in one turn of the loop run
 * together, then their answers go out, each to its own connection. A call in the middle of a stage
 * that holds the loop's thread hands the rest over: the answers of the calls before it and the
 * calls after it are served by the thread that goes on, while the held call still runs.
 */
class FrontLoopStageTest {
  private static final int CONNECTIONS = 8;
  /** Which call of the stage holds the loop (the calls run in the stage's order, so some run before it and some after). */
  private static final int HELD = 4;

  @Test
  void aCallHeldInTheMiddleOfAStageHandsTheOthersOver() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<String> heldWho = new AtomicReference<>();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Environment env = EnvironmentBuilder.create("Staged", "")
        .table("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .tool(EnvironmentBuilder.tool("step", "").param("who", dev.awm.runtime.ParamType.STRING, true, ""), (db, a) -> {
          int n = calls.incrementAndGet();
          if (n == HELD) {
            heldWho.set(a.getString("who"));
            entered.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) return "not released";
          }
          db.update("INSERT INTO notes (body) VALUES (?)", a.getString("who"));
          return a.getString("who") + " " + db.queryOne("SELECT COUNT(*) AS n FROM notes").get("n");
        })
        // on the caller's thread: the tools run on the front loop itself
        .environment().isolation(Isolation.CALLER_THREAD).callTimeout(Duration.ofSeconds(90)).build();
    try (McpEnvironmentServer server = McpEnvironmentServer.builder(env).build().start()) {
      FrontLoop loop = server.running().frontLoop();
      List<RawSocket> sockets = new ArrayList<>();
      List<String> sessions = new ArrayList<>();
      try {
        for (int i = 0; i < CONNECTIONS; i++) {
          RawSocket s = new RawSocket(server.url());
          sockets.add(s);
          sessions.add(s.initialize());
        }
        // the loop's thread waits in a task (which no watchdog watches) while every request arrives:
        // its next turn reads all of them, and runs their calls in one stage
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        loop.submit(() -> {
          waiting.countDown();
          try {
            resume.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        long answeredBefore = loop.answered();
        for (int i = 0; i < CONNECTIONS; i++) {
          sockets.get(i).write(sockets.get(i).post(sessions.get(i), RawSocket.toolCall(100 + i, "step", "{\"who\":\"c" + i + "\"}")));
        }
        resume.countDown();
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("the held call started").isTrue();

        // while the held call runs, every other connection gets its own answer
        int h = Integer.parseInt(heldWho.get().substring(1));
        for (int i = 0; i < CONNECTIONS; i++) {
          if (i == h) continue;
          RawSocket.Response r = sockets.get(i).read();
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.id()).isEqualTo(100 + i);
          assertThat(r.resultText()).as("each session writes to its own database").isEqualTo("\"c" + i + " 1\"");
        }
        assertThat(release.getCount()).as("the held call still runs").isEqualTo(1);
        assertThat(loop.largestStage()).as("the calls read in one turn ran in one stage").isGreaterThanOrEqualTo(CONNECTIONS);
        assertThat(loop.answered()).isEqualTo(answeredBefore + CONNECTIONS - 1);

        release.countDown();
        RawSocket.Response late = sockets.get(h).read();
        assertThat(late.id()).isEqualTo(100 + h);
        assertThat(late.resultText()).isEqualTo("\"c" + h + " 1\"");
        // and the loop goes on serving every connection
        for (int i = 0; i < CONNECTIONS; i++) {
          RawSocket.Response again = sockets.get(i).exchange(sockets.get(i).post(sessions.get(i), RawSocket.toolCall(200 + i, "step", "{\"who\":\"c" + i + "\"}")));
          assertThat(again.resultText()).isEqualTo("\"c" + i + " 2\"");
        }
        assertThat(loop.answered()).isEqualTo(answeredBefore + 2L * CONNECTIONS);
      } finally {
        release.countDown();
        for (RawSocket s : sockets) s.close();
      }
    }
  }
}
