package dev.awm.cli;

import dev.awm.core.AwmDirectory;
import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.internal.Jsonl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference implementation's per-file options ({@code --input_task path/gen_tasks.jsonl},
 * {@code --output path/gen_db.jsonl}, ...): each names one file that stands for one of our
 * directory's files. A file not named is looked for under our name beside the named ones. Commands
 * that write run over the files' directory when they carry our names, else over a staged copy whose
 * output {@link #finish} copies to the named file.
 */
final class FileOptions {
  static final List<String> NAMES = List.of(AwmDirectory.SCENARIOS, AwmDirectory.TASKS, AwmDirectory.DB, AwmDirectory.SAMPLE,
      AwmDirectory.SPEC, AwmDirectory.ENVS, AwmDirectory.VERIFIERS, AwmDirectory.VERIFIERS_CODE, AwmDirectory.SOLUTIONS,
      AwmDirectory.CHALLENGES);

  private final Map<String, Path> files = new LinkedHashMap<>();
  private String outName;
  private Path out;
  private Path staged;

  /** {@code file} (when given) stands for our {@code name}; it must exist (the error names {@code option}). */
  FileOptions in(String option, Path file, String name) {
    if (file == null) return this;
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": no such file: " + file);
    files.put(name, file);
    return this;
  }

  /** {@code file} (when given) receives what is written to our {@code name}. */
  FileOptions out(Path file, String name) {
    if (file != null) {
      out = file;
      outName = name;
    }
    return this;
  }

  boolean any() {
    return !files.isEmpty() || out != null;
  }

  private Set<Path> dirs() {
    Set<Path> dirs = new LinkedHashSet<>();
    for (Path f : files.values()) dirs.add(parent(f));
    if (out != null) dirs.add(parent(out));
    return dirs;
  }

  private static Path parent(Path f) {
    Path p = f.toAbsolutePath().normalize().getParent();
    return p == null ? Path.of("/") : p;
  }

  /** The file for our {@code name}: the one named, else our name beside the named files (null: none; never the output's stand-in). */
  Path resolve(String name) {
    if (files.containsKey(name)) return files.get(name);
    if (name.equals(outName)) return out != null && Files.isRegularFile(out) ? out : null;
    for (Path d : dirs()) {
      if (Files.isRegularFile(d.resolve(name))) return d.resolve(name);
    }
    return null;
  }

  /** The definitions in the named files (and those beside them). */
  List<EnvironmentDefinition> load() throws IOException {
    return AwmDirectory.load(name -> {
      Path p = resolve(name);
      return p == null ? List.of() : Jsonl.read(p);
    }, String.join(", ", files.values().stream().map(Path::toString).toList()));
  }

  /** A directory holding the files under our names: their own directory when they already are so, else a staged copy. */
  Path workDir() throws IOException {
    Set<Path> dirs = dirs();
    boolean ours = files.entrySet().stream().allMatch(e -> e.getValue().getFileName().toString().equals(e.getKey()))
        && (out == null || out.getFileName().toString().equals(outName));
    if (ours && dirs.size() == 1) return dirs.iterator().next();
    staged = Files.createTempDirectory("awm-files-");
    for (String name : NAMES) {
      Path p = resolve(name);
      if (p != null) Files.copy(p, staged.resolve(name));
    }
    return staged;
  }

  /** Copies the staged output (and, for verifiers, the solutions and challenges beside it) to the named file; removes the copy. */
  void finish() throws IOException {
    if (staged == null) return;
    try {
      if (out != null && Files.isRegularFile(staged.resolve(outName))) {
        Files.createDirectories(parent(out));
        Files.copy(staged.resolve(outName), out, StandardCopyOption.REPLACE_EXISTING);
        if (outName.equals(AwmDirectory.VERIFIERS)) {
          for (String aux : List.of(AwmDirectory.SOLUTIONS, AwmDirectory.CHALLENGES)) {
            if (Files.isRegularFile(staged.resolve(aux))) Files.copy(staged.resolve(aux), parent(out).resolve(aux), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } finally {
      List<Path> all = new ArrayList<>();
      try (var walk = Files.walk(staged)) {
        walk.sorted(Comparator.reverseOrder()).forEach(all::add);
      }
      for (Path p : all) Files.deleteIfExists(p);
      staged = null;
    }
  }
}
