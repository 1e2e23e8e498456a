package dev.awm.core.internal;

import dev.awm.core.*;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** JSON Lines files: one JSON object per line. Blank lines are skipped. */
public final class Jsonl {
  private Jsonl() {}

  /**
   * Reads every row of {@code file}.
   *
   * @throws IOException if the file cannot be read, or a line is not a JSON object (the message
   *     names the file and the line number)
   */
  public static List<JsonNode> read(Path file) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(file.toString(), r);
    }
  }

  /**
   * Reads every row from {@code reader} (not closed here); {@code name} names the source in errors.
   */
  public static List<JsonNode> read(String name, BufferedReader r) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    String line;
    int n = 0;
    while ((line = r.readLine()) != null) {
      n++;
      if (line.isBlank()) continue;
      JsonNode node;
      try {
        node = JsonValues.MAPPER.readTree(line);
      } catch (JacksonException e) {
        throw new IOException(name + ":" + n + ": not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (!node.isObject()) throw new IOException(name + ":" + n + ": expected a JSON object, got " + node.getNodeType());
      rows.add(node);
    }
    return rows;
  }

  /** Writes {@code rows} to {@code file} atomically (a temporary file, then a rename). */
  public static void write(Path file, List<? extends JsonNode> rows) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (JsonNode row : rows) {
          w.write(JsonValues.MAPPER.writeValueAsString(row));
          w.write('\n');
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Appends one row to {@code file} (creating it), flushed before returning. */
  public static void append(Path file, JsonNode row) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String line = JsonValues.MAPPER.writeValueAsString(row) + "\n";
    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
