package dev.awm.pipeline;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.internal.Jsonl;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The run's output directory: rows are appended as each scenario (or task) finishes a stage, so a
 * run killed at any moment keeps its finished work, and the next run resumes from the files.
 * A line cut off by a kill is dropped when the directory is loaded again. Thread-safe.
 */
final class OutputStore {
  static final String REPORT = "gen_report.jsonl";
  static final String PREVIOUS_REPORT = "gen_report.previous.jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(OutputStore.class);
  private static final int TAIL_CHUNK = 8192;
  private final Path dir;

  OutputStore(Path dir) {
    this.dir = dir;
  }

  /** The definitions finished so far, by scenario key (after dropping any cut-off last lines). */
  Map<String, EnvironmentDefinition> load() {
    try {
      Files.createDirectories(dir);
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) repairTail(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output directory " + dir + ": " + e.getMessage(), e);
    }
    return read();
  }

  /**
   * The definitions finished so far, by scenario key, without looking for cut-off lines: for a
   * directory already {@link #load loaded} in this process, which has only whole rows appended since.
   */
  Map<String, EnvironmentDefinition> read() {
    try {
      Map<String, EnvironmentDefinition> out = new LinkedHashMap<>();
      for (EnvironmentDefinition d : AwmDirectory.load(dir)) out.put(d.name(), d);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends one row to {@code file}, written to the file before returning: it survives a killed process (it is not fsynced). */
  synchronized void append(String file, ObjectNode row) {
    try {
      Jsonl.append(dir.resolve(file), row);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts this run's report: {@code gen_report.jsonl} describes the latest run only, so that a
   * successful rerun leaves no stale give-ups behind; the previous run's is kept as
   * {@code gen_report.previous.jsonl}.
   */
  synchronized void startReport() {
    Path report = dir.resolve(REPORT);
    try {
      if (Files.exists(report)) Files.move(report, dir.resolve(PREVIOUS_REPORT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + report + " aside: " + e.getMessage(), e);
    }
  }

  /** Records a dropped task or a given-up scenario in {@code gen_report.jsonl}. */
  void report(String scenario, Stage stage, Integer task, String reason) {
    ObjectNode row = JsonValues.MAPPER.createObjectNode().put("scenario", scenario).put("stage", stage.key());
    if (task != null) row.put("task_idx", task);
    row.put("reason", reason);
    append(REPORT, row);
  }

  /**
   * Records the cross-examination of a task's verifier in {@code gen_report.jsonl}: its trust record
   * (null: a sql-mode verifier without a judge, which cannot be cross-examined), how often the
   * verifier was revised, and whether the task was kept.
   */
  void trust(String scenario, int task, dev.awm.verify.TrustRecord record, int revisions, boolean kept) {
    ObjectNode row = JsonValues.MAPPER.createObjectNode().put("scenario", scenario).put("stage", Stage.SOLUTIONS.key()).put("task_idx", task);
    if (record == null) {
      row.putObject("trust").put("trusted", false).put("reason", "a sql-mode verifier without a judge cannot be cross-examined");
    } else {
      row.set("trust", JsonValues.toNode(record.toJson()));
    }
    row.put("verifier_revisions", revisions).put("kept", kept);
    append(REPORT, row);
  }

  /**
   * A kill during an append can leave part of a line, even part of a character: drop it so the file
   * reads again. Reads only the last line.
   */
  private static void repairTail(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = ch.size();
      if (end > 0 && read(ch, end - 1, 1)[0] == '\n') end--;
      long start = end;
      while (start > 0) {
        int n = (int) Math.min(TAIL_CHUNK, start);
        byte[] chunk = read(ch, start - n, n);
        int i = n - 1;
        while (i >= 0 && chunk[i] != '\n') i--;
        if (i >= 0) {
          start = start - n + i + 1;
          break;
        }
        start -= n;
      }
      String last = new String(read(ch, start, (int) (end - start)), StandardCharsets.UTF_8);
      if (last.isBlank()) return;
      try {
        JsonValues.MAPPER.readTree(last);
      } catch (JacksonException e) {
        LOG.warn("{}: dropping a cut-off last line ({} characters)", file, last.length());
        ch.truncate(start);
      }
    }
  }

  /** {@code length} bytes of {@code ch} from {@code position}. */
  private static byte[] read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) throw new EOFException("the file got shorter while being read");
    }
    return b.array();
  }
}
