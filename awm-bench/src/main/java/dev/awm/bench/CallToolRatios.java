package dev.awm.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@link CallToolBench}'s variants measured against each other on a shared, loaded machine:
 * batches of each variant alternate (the order rotating each round), and each round's time per
 * call is divided by the baseline's of the same round, so that a change in the machine's load hits
 * both sides of a ratio. Prints the median over the rounds of each variant's time and ratio: the
 * simple read against {@code rawJdbc}, the e_commerce starter's {@code get_product} against {@code rawJdbcJoin}.
 *
 * <pre>java -cp awm-bench/target/benchmarks.jar dev.awm.bench.CallToolRatios [rounds] [batch]</pre>
 */
public final class CallToolRatios {
  private CallToolRatios() {}

  public static void main(String[] argv) throws Exception {
    int rounds = argv.length > 0 ? Integer.parseInt(argv[0]) : 40;
    int batch = argv.length > 1 ? Integer.parseInt(argv[1]) : 2000;
    CallToolBench b = new CallToolBench();
    b.setUp();
    try {
      Map<String, Callable<Object>> variants = new LinkedHashMap<>();
      variants.put("rawJdbc", b::rawJdbc);
      variants.put("rawJdbcToJson", b::rawJdbcToJson);
      variants.put("callTool", b::callTool);
      variants.put("callToolOnCallerThread", b::callToolOnCallerThread);
      variants.put("callToolOnWorker", b::callToolOnWorker);
      variants.put("rawJdbcJoin", b::rawJdbcJoin);
      variants.put("callToolJoin", b::callToolJoin);
      Map<String, double[]> times = measure(variants, rounds, batch);
      Map<String, double[]> join = new LinkedHashMap<>();
      for (String n : List.of("rawJdbcJoin", "callToolJoin")) join.put(n, times.remove(n));
      print(times, "rawJdbc", rounds, batch);
      System.out.println("e_commerce get_product (a four-table join with two correlated subqueries):");
      print(join, "rawJdbcJoin", rounds, batch);
    } finally {
      b.tearDown();
    }
  }

  /** Per variant, ns per call in each round (after a warm-up of 20 batches each). */
  static Map<String, double[]> measure(Map<String, Callable<Object>> variants, int rounds, int batch) throws Exception {
    List<String> names = new ArrayList<>(variants.keySet());
    for (int w = 0; w < 20; w++) for (String n : names) time(variants.get(n), batch);
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String n : names) out.put(n, new double[rounds]);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < names.size(); i++) {
        String n = names.get((r + i) % names.size());
        out.get(n)[r] = time(variants.get(n), batch);
      }
    }
    return out;
  }

  private static double time(Callable<Object> c, int batch) throws Exception {
    Object sink = null;
    long start = System.nanoTime();
    for (int i = 0; i < batch; i++) sink = c.call();
    long ns = System.nanoTime() - start;
    if (sink == null) throw new IllegalStateException("no result");
    return (double) ns / batch;
  }

  static void print(Map<String, double[]> times, String baseline, int rounds, int batch) {
    System.out.printf("%d rounds of %d calls per variant, medians%n", rounds, batch);
    System.out.printf("| variant | µs per call | ratio to %s (median of per-round ratios) |%n| --- | ---: | ---: |%n", baseline);
    double[] base = times.get(baseline);
    for (Map.Entry<String, double[]> e : times.entrySet()) {
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) ratios[r] = e.getValue()[r] / base[r];
      System.out.printf("| %s | %.2f | %.2fx |%n", e.getKey(), median(e.getValue()) / 1000, median(ratios));
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
