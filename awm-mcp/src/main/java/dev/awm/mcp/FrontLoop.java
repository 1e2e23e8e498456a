package dev.awm.mcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's front: one event-loop thread that owns the server's port, answers the transport's
 * fast path itself ({@link FastGate}: {@code tools/call} and {@code tools/list} of a live session)
 * and relays every other request, byte for byte, to Jetty on a loopback port of its own. The fast
 * path runs on the loop for tools whose calls run on the caller's thread (generated code that
 * returns promptly, see {@code dev.awm.runtime.Isolation}); a call that needs a worker runs on
 * {@code executor} and the loop writes its answer when it is done.
 *
 * <p>Why: the same answer through Jetty costs a request about twice the processor time (its request
 * objects, its reads and interest changes, and a hand-off between its selector and a pool thread);
 * see the README's Benchmarks, "MCP under load against FastAPI". Jetty still answers everything the
 * front does not: the SDK's requests, the operator endpoints, every error. The front reads a
 * request head itself only when it is plain ({@link RequestHead}); on any other head it hands the
 * rest of the connection to Jetty unread, so both always agree on where a request ends.
 *
 * <p>A turn of the loop works in stages: it reads every connection that is ready (heads, bodies,
 * the checks), then runs the calls those requests ask for one after another (the call stage, at most
 * {@value #MAX_STAGE_CALLS} at a time), then writes their answers. Under load a turn holds many
 * requests, and each stage's code and data stay in the processor's caches from one request to the
 * next instead of being evicted by the others' (the README's Benchmarks measure it).
 *
 * <p>A call on the loop is expected to take microseconds; one that takes longer than
 * {@value #STALL_MILLIS} ms (a slow statement, a session's handle held elsewhere) does not stall the
 * other connections: a watchdog starts a new loop thread and hands it the rest of the call stage (the
 * answers of the calls before the held one, the calls after it), and the old thread finishes its
 * call as a worker would and hands the answer to the loop.
 */
final class FrontLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrontLoop.class);
  /** How long a call may hold the loop's thread before the loop goes on in another. */
  static final long STALL_MILLIS = 50;
  /** The most calls a turn of the loop gathers before it runs them (and writes their answers). */
  static final int MAX_STAGE_CALLS = 64;
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  final FastGate gate;
  final Executor executor;
  final InetSocketAddress upstream;
  final long idleNanos;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final String name;
  /** The loop's thread: the one that runs it now (a thread held too long by a call is replaced). */
  private volatile Thread owner;
  private final LoopWatchdog watchdog;
  private int replaced;
  private volatile boolean open = true;
  private long dateSecond = -1;
  private byte[] dateLine;
  private final java.nio.ByteBuffer readBuffer = java.nio.ByteBuffer.allocate(16 * 1024);
  private final byte[] clientBuffer = new byte[FrontConnection.MAX_BUFFERED];
  /** Calls of this turn of the loop, run together after every ready connection was read (see {@link #runQueued}). */
  private final ArrayList<Queued> queued = new ArrayList<>();
  /** The most calls one call stage ran (for tests). */
  private volatile int largestStage;
  /** The call stage running on the loop's thread, or null (read by the watchdog). */
  private volatile Stage stage;
  /** How many requests the loop answered itself (written by the loop's thread only). */
  private volatile long answered;

  /**
   * Binds {@code bind}; call {@link #start()} to serve.
   *
   * @param upstream where Jetty listens (loopback)
   * @param idleTimeoutMillis how long a connection may wait between requests
   */
  FrontLoop(String name, InetSocketAddress bind, InetSocketAddress upstream, FastGate gate, Executor executor, long idleTimeoutMillis)
      throws IOException {
    this.gate = gate;
    this.executor = executor;
    this.upstream = upstream;
    this.idleNanos = idleTimeoutMillis * 1_000_000L;
    this.selector = Selector.open();
    this.server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(bind, 1024);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      server.close();
      selector.close();
      throw e;
    }
    this.name = name;
    this.owner = loopThread();
    this.watchdog = new LoopWatchdog(name + "-front-watchdog", STALL_MILLIS, () -> open, this::goOnInAnotherThread);
  }

  void start() {
    owner.start();
    watchdog.start();
  }

  private Thread loopThread() {
    Thread t = new Thread(this::run, name + "-front" + (replaced == 0 ? "" : "-" + replaced));
    t.setDaemon(true);
    return t;
  }

  /** Whether the current thread was a loop thread that the watchdog left to a long call. */
  boolean abandoned() {
    return watchdog.abandoned();
  }

  /** On the watchdog's thread, once it abandoned a call that held the loop: the loop goes on in a new thread. */
  private void goOnInAnotherThread() {
    replaced++;
    handOver();
    Thread next = loopThread();
    LOG.warn("a call held the MCP server's front loop for over {} ms; the loop goes on in {}", STALL_MILLIS, next.getName());
    owner = next;
    next.start();
  }

  /** Whether the watchdog is parked until a call starts (for tests). */
  boolean watchdogAsleep() {
    return watchdog.asleep();
  }

  /** The port the front listens on. */
  int port() {
    return server.socket().getLocalPort();
  }

  /** How many requests the loop answered itself, on the loop or after a worker's call (for tests). */
  long answered() {
    return answered;
  }

  /** The most calls one call stage ran together (for tests). */
  int largestStage() {
    return largestStage;
  }

  /** Counts an answer the loop wrote (on the loop's thread). */
  void countAnswered() {
    answered++;
  }

  /** Runs {@code task} on the loop (from any thread). */
  void submit(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  Selector selector() {
    return selector;
  }

  /** The loop's buffer for reading from clients (one thread: shared by every connection, see {@code FrontConnection.compact}). */
  byte[] clientBuffer() {
    return clientBuffer;
  }

  /** The loop's buffer for reading from Jetty (one thread: shared by every connection). */
  java.nio.ByteBuffer readBuffer() {
    return readBuffer;
  }

  /** The {@code Date} header line of the current second, CRLF included. */
  byte[] dateLine() {
    long second = System.currentTimeMillis() / 1000;
    if (second != dateSecond) {
      dateSecond = second;
      dateLine = ("Date: " + HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    return dateLine;
  }

  @Override
  public void close() {
    open = false;
    selector.wakeup();
    watchdog.close();
    try {
      owner.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeAll();
  }

  private void run() {
    long nextSweep = System.nanoTime() + 1_000_000_000L;
    try {
      while (open) {
        selector.select(1000);
        for (Runnable task; (task = tasks.poll()) != null;) task.run();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) continue;
          if (key.channel() == server) {
            accept();
          } else if (key.attachment() instanceof FrontConnection.End end) {
            end.ready(key);
            if (queued.size() >= MAX_STAGE_CALLS && !runQueued()) return; // a call held this thread too long: the loop went on in another
          }
        }
        if (!runQueued()) return; // a call held this thread too long: the loop went on in another
        long now = System.nanoTime();
        if (now - nextSweep >= 0) {
          nextSweep = now + 1_000_000_000L;
          for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.isValid() && key.attachment() instanceof FrontConnection.End end) end.connection().sweep(now);
          }
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      if (open && !abandoned()) LOG.error("the MCP server's front loop stopped: {}", e.toString(), e);
    } finally {
      if (!abandoned()) closeAll();
    }
  }

  /** A fast-path call that a connection read, waiting for the loop's call stage. */
  record Queued(FrontConnection connection, SessionRegistry.Session session, FastAnswers.Call call, RequestHead head) {}

  /** Queues a call to run in this turn's call stage (on the loop's thread). */
  void queue(Queued call) {
    queued.add(call);
  }

  /**
   * The loop's call stage: runs the calls that this turn's reads queued, one after another, then
   * writes their answers. Reading every ready connection first, then calling, then writing, keeps
   * each stage's code and data (the kernel's, SQLite's) warm across the calls of a busy turn; the
   * README's Benchmarks give the figures. False when a call held this thread so long that the loop
   * went on in another (the watchdog handed the rest of the stage over, see {@link #handOver}).
   */
  private boolean runQueued() {
    while (!queued.isEmpty()) {
      Stage stage = new Stage(queued.toArray(new Queued[0]));
      queued.clear();
      if (stage.work.length > largestStage) largestStage = stage.work.length;
      this.stage = stage;
      for (int i = 0; i < stage.work.length; i++) {
        Queued q = stage.work[i];
        stage.running = i;
        long token = watchdog.callStarts();
        byte[] answer = null;
        boolean stillLoop;
        try {
          answer = q.connection().callOnLoop(q);
        } finally {
          stillLoop = watchdog.callEnds(token);
        }
        if (!stillLoop) { // the watchdog handed the others over already: only this answer is left to give
          byte[] late = answer;
          submit(() -> q.connection().calledOnLoop(q.head(), late));
          return false;
        }
        q.connection().callEnded();
        stage.answers[i] = answer;
      }
      this.stage = null;
      for (int i = 0; i < stage.work.length; i++) stage.work[i].connection().calledOnLoop(stage.work[i].head(), stage.answers[i]);
    }
    return true;
  }

  /** The calls of one call stage, their answers, and which one runs (read by the watchdog). */
  private static final class Stage {
    final Queued[] work;
    final byte[][] answers;
    volatile int running;

    Stage(Queued[] work) {
      this.work = work;
      this.answers = new byte[work.length][];
    }
  }

  /**
   * Hands what the held loop thread's stage had not finished to the thread that goes on (before it
   * starts): the answers of the calls before the held one are written, the calls after it run there.
   * Safe because the held thread cannot leave its call's stage (its {@link LoopWatchdog#callEnds} fails).
   */
  private void handOver() {
    Stage held = stage;
    stage = null;
    if (held == null) return;
    int running = held.running;
    for (int j = 0; j < held.work.length; j++) {
      if (j == running) continue;
      Queued q = held.work[j];
      byte[] answer = held.answers[j];
      submit(j < running ? () -> q.connection().calledOnLoop(q.head(), answer) : () -> queue(q));
    }
  }

  private void accept() throws IOException {
    for (int i = 0; i < 64; i++) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        LOG.debug("accepting a connection: {}", e.toString());
        return;
      }
      if (client == null) return;
      try {
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        new FrontConnection(this, client);
      } catch (IOException e) {
        LOG.debug("setting up a connection: {}", e.toString());
        client.close();
      }
    }
  }

  private synchronized void closeAll() {
    try {
      if (selector.isOpen()) {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
          if (key.attachment() instanceof FrontConnection.End end) end.connection().close();
        }
      }
      server.close();
      selector.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing the front loop: {}", e.toString());
    }
  }
}
