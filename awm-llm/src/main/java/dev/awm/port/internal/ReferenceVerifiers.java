package dev.awm.port.internal;

import dev.awm.pipeline.PythonRuntime;
import dev.awm.core.internal.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the reference's code-mode verifiers in Python as its {@code verify} does: the function is
 * found by its {@code def verify_} line, called with the database paths and the final answer, and
 * its {@code {"result": ...}} read; a verifier that throws or returns something else is an error.
 */
public final class ReferenceVerifiers {
  private static final long TIMEOUT_SECONDS = 120;

  private ReferenceVerifiers() {}

  /**
   * One run: the verifier's code, the database files before and after, the agent's final answer.
   */
  public record Job(String code, Path initial, Path finalDb, String finalAnswer) {}

  /**
   * A verdict of the reference.
   *
   * @param result {@code complete} or {@code others}
   * @param error null, or why the verifier failed (then the result is {@code others})
   */
  public record Verdict(String result, String error) {
    /** Whether it said complete. */
    public boolean complete() {
      return "complete".equals(result);
    }

    @Override
    public String toString() {
      return error == null ? result : result + " (error: " + error + ")";
    }
  }

  /**
   * Runs {@code jobs} in one Python process, its clock pinned to {@code now}.
   *
   * @throws ReferenceException if Python cannot run them
   */
  public static List<Verdict> run(PythonRuntime python, LocalDateTime now, List<Job> jobs) {
    if (jobs.isEmpty()) return List.of();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("awm-port-verify-");
      Path harness = Harness.write(dir);
      List<Object> list = new ArrayList<>();
      for (Job j : jobs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", j.code());
        m.put("initial", j.initial().toString());
        m.put("final", j.finalDb().toString());
        m.put("answer", j.finalAnswer());
        list.add(m);
      }
      String request = JsonValues.write(Map.of("now", now.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), "jobs", list));
      Process p = new ProcessBuilder(python.executable().toString(), harness.toString(), "verify").directory(dir.toFile()).start();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      try (var in = p.getOutputStream()) {
        in.write(request.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ReferenceException("the reference's verifiers did not finish within " + TIMEOUT_SECONDS + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new ReferenceException("running the reference's verifiers failed (exit code " + p.exitValue() + "): "
            + new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip());
      }
      List<Verdict> verdicts = new ArrayList<>();
      for (Object o : (List<?>) JsonValues.parse(text)) {
        Map<?, ?> m = (Map<?, ?>) o;
        boolean error = "error".equals(m.get("execution_status"));
        verdicts.add(new Verdict(String.valueOf(m.get("result")), error ? String.valueOf(m.get("error_message")) : null));
      }
      return verdicts;
    } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new ReferenceException("cannot run the reference's verifiers: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReferenceException("interrupted while running the reference's verifiers");
    } finally {
      if (dir != null) ReferenceServer.deleteQuietly(dir);
    }
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
