package consumer;

import java.util.List;

/**
 * A modular application's entry point, for {@code java --module-path ... -m consumer/consumer.Main}
 * with every jar on the module path: serves a starter environment over MCP and calls a tool, then
 * embeds two texts, and prints what it got.
 */
public final class Main {
  private Main() {}

  /**
   * Prints {@code tools: N}, {@code call: CONTENT}, {@code vectors: COUNT x DIMENSIONS} and
   * {@code cosine: C}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Served.Remote remote = Served.starterOverMcp();
    System.out.println("tools: " + remote.tools().size());
    System.out.println("call: " + (remote.result().isError() ? "ERROR " + remote.result() : remote.result().content()));
    List<float[]> v = Served.embed(List.of("A shop that sells headphones.", "An online store for audio gear."));
    System.out.println("vectors: " + v.size() + " x " + v.get(0).length);
    double dot = 0;
    for (int i = 0; i < v.get(0).length; i++) dot += v.get(0)[i] * v.get(1)[i];
    System.out.println("cosine: " + dot);
  }
}
