package dev.awm.mcp;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A front connection's own connection to Jetty, the other end of its relay ({@link FrontConnection}):
 * a non-blocking socket on the loop's selector, and the bytes of the client's request that Jetty has
 * not taken yet. What is relayed when, and what Jetty's answer means, is the connection's business;
 * this is the socket's.
 */
final class FrontUpstream {
  private final SocketChannel channel;
  private final SelectionKey key;
  private boolean connected;
  /** Bytes for Jetty not written yet, or null. */
  private ByteBuffer pending;

  private FrontUpstream(SocketChannel channel, SelectionKey key, boolean connected) {
    this.channel = channel;
    this.key = key;
    this.connected = connected;
  }

  /** Connects to the loop's Jetty, registered on the loop's selector with {@code attachment}. */
  static FrontUpstream open(FrontLoop loop, Object attachment) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      boolean connected = channel.connect(loop.upstream);
      SelectionKey key = channel.register(loop.selector(), connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, attachment);
      return new FrontUpstream(channel, key, connected);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Completes the connection once the selector says it can; whether it is connected now. */
  boolean finishConnect() throws IOException {
    if (!connected) connected = channel.finishConnect();
    return connected;
  }

  /** Whether every byte given to {@link #send} reached Jetty. */
  boolean sent() {
    return pending == null;
  }

  /** Sends {@code bytes[from, to)} (copied: the caller's buffer may be the loop's), as far as Jetty takes them now. */
  void send(byte[] bytes, int from, int to) throws IOException {
    pending = ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to));
    write();
  }

  /** Writes what is pending, as far as Jetty takes it now. */
  void write() throws IOException {
    if (pending == null || !connected) return;
    channel.write(pending);
    if (!pending.hasRemaining()) pending = null;
  }

  /** Reads what Jetty sent into {@code buffer}: the count, -1 once Jetty closed the connection. */
  int read(ByteBuffer buffer) throws IOException {
    return channel.read(buffer);
  }

  /** Tells Jetty the client sends nothing more, once everything it sent reached Jetty. */
  void endWhenSent() throws IOException {
    if (pending == null && connected) channel.shutdownOutput();
  }

  /** What to wait for: the connection, else Jetty's bytes (when {@code readJetty}) and room for the pending ones. */
  void interest(boolean readJetty) {
    if (!key.isValid()) return;
    int ops;
    if (!connected) {
      ops = SelectionKey.OP_CONNECT;
    } else {
      ops = readJetty ? SelectionKey.OP_READ : 0;
      if (pending != null) ops |= SelectionKey.OP_WRITE;
    }
    if (key.interestOps() != ops) key.interestOps(ops);
  }

  /** Closes the connection; what was pending is dropped. */
  void close() throws IOException {
    key.cancel();
    pending = null;
    channel.close();
  }
}
