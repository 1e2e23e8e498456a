package dev.awm.bench;

import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resident memory per live handle of an AWM-sized environment: the growth of the process's
 * resident set (VmRSS, Java heap and native SQLite memory together) while N handles are open,
 * each having made one read and one write call. Run:
 * {@code java -cp awm-bench/target/benchmarks.jar dev.awm.bench.HandleMemory 1024 10000}.
 */
public final class HandleMemory {
  private HandleMemory() {}

  public static void main(String[] args) throws Exception {
    Environment env = Environment.of(AwmSizedEnvironment.definition());
    System.out.printf("initial image: %d bytes%n", env.initialImage().length);
    for (String a : args.length == 0 ? new String[] {"1024", "10000"} : args) {
      int n = Integer.parseInt(a);
      settle();
      long before = rssKb();
      List<EnvironmentHandle> handles = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        EnvironmentHandle h = env.newHandle();
        h.callTool("get_t3", Map.of("id", 2L));
        h.callTool("close_t7", Map.of("id", 1L + i % 5));
        handles.add(h);
      }
      settle();
      long after = rssKb();
      System.out.printf("%,d handles: resident set grew by %,d KiB: %.1f KiB per handle%n", n, after - before,
          (after - before) / (double) n);
      handles.forEach(EnvironmentHandle::close);
    }
  }

  private static void settle() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
