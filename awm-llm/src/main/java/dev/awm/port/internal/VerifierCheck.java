package dev.awm.port.internal;

import dev.awm.pipeline.PythonRuntime;
import dev.awm.core.internal.JsonValues;
import dev.awm.core.ToolCall;
import dev.awm.runtime.Environment;
import dev.awm.runtime.EnvironmentHandle;
import dev.awm.verify.RewardOutcome;
import dev.awm.verify.RewardStatus;
import dev.awm.verify.TaskVerifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The differential check of a ported verifier: episodes (tool-call sequences and final answers)
 * are replayed on the original app, and both verifiers judge the same (initial, final) pair, the
 * reference's Python one and the Java port; their verdicts must agree. When the ported tools are
 * given, each episode is replayed on them too, and a final database that differs from the
 * original's is noted (it is then the tools, not the verifier, that differ).
 */
public final class VerifierCheck {
  private VerifierCheck() {}

  /**
   * An episode to judge.
   *
   * @param calls the tool calls, in order (calls that fail are part of the episode)
   * @param finalAnswer the agent's final answer
   * @param why what it stands for (a solution, a near miss...)
   */
  public record Episode(List<ToolCall> calls, String finalAnswer, String why) {
    public Episode {
      calls = List.copyOf(calls);
      finalAnswer = finalAnswer == null ? "" : finalAnswer;
      why = why == null ? "" : why;
    }

    String describe() {
      List<String> names = new ArrayList<>();
      for (ToolCall c : calls) names.add(c.name() + " " + JsonValues.write(c.arguments()));
      return (calls.isEmpty() ? "no calls" : String.join(", ", names)) + ", final answer " + JsonMatch.show(finalAnswer)
          + (why.isEmpty() ? "" : " (" + why + ")");
    }
  }

  /**
   * One episode judged on both sides.
   *
   * @param episode the episode
   * @param python the reference verifier's verdict
   * @param java the port's outcome ({@code complete}, {@code incomplete}, {@code verifier_error: ...})
   * @param matches whether they agree (complete on both sides, or on neither, without a Java verifier error)
   * @param note what else was seen (the ported tools leave another database), or empty
   */
  public record Comparison(Episode episode, ReferenceVerifiers.Verdict python, String java, boolean matches, String note) {
    /** The episode and the two verdicts, for reports and the model's feedback. */
    public String describe() {
      return episode.describe() + ": the original says " + python + ", the port says " + java + (note.isEmpty() ? "" : "; " + note);
    }
  }

  /**
   * Judges every episode of {@code episodes} with the reference's {@code pythonCode} and with
   * {@code verifiers} (the port, compiled for an environment of the same schema and tasks).
   *
   * @param portedTools the ported environment to replay the episodes on as well, or null
   */
  public static List<Comparison> compare(PythonRuntime python, ReferenceServer server, TaskVerifiers verifiers, int task, String pythonCode,
      List<Episode> episodes, Environment portedTools, LocalDateTime now) {
    Environment env = verifiers.environment();
    Path dir;
    try {
      dir = Files.createTempDirectory("awm-port-episodes-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
    }
    try {
      Path initial = dir.resolve("initial.db");
      Files.write(initial, env.initialImage());
      List<byte[]> finals = new ArrayList<>();
      List<ReferenceVerifiers.Job> jobs = new ArrayList<>();
      for (int i = 0; i < episodes.size(); i++) {
        byte[] image = replayOriginal(server, episodes.get(i));
        finals.add(image);
        Path f = dir.resolve("final_" + i + ".db");
        Files.write(f, image);
        jobs.add(new ReferenceVerifiers.Job(pythonCode, initial, f, episodes.get(i).finalAnswer()));
      }
      List<ReferenceVerifiers.Verdict> pyVerdicts = ReferenceVerifiers.run(python, now, jobs);
      List<Comparison> out = new ArrayList<>();
      for (int i = 0; i < episodes.size(); i++) {
        Episode e = episodes.get(i);
        RewardOutcome o;
        try (EnvironmentHandle h = env.openHandle(finals.get(i))) {
          o = verifiers.reward(h, task, e.finalAnswer());
        }
        String port = o.status() == RewardStatus.COMPLETE ? "complete" : o.status() == RewardStatus.INCOMPLETE ? "others"
            : o.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + o.details();
        ReferenceVerifiers.Verdict py = pyVerdicts.get(i);
        boolean javaBroke = o.status() != RewardStatus.COMPLETE && o.status() != RewardStatus.INCOMPLETE;
        boolean matches = py.complete() == (o.status() == RewardStatus.COMPLETE) && !(javaBroke && py.error() == null);
        out.add(new Comparison(e, py, port, matches, portedTools == null ? "" : toolsNote(portedTools, e, finals.get(i))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the episodes' databases: " + e.getMessage(), e);
    } finally {
      ReferenceServer.deleteQuietly(dir);
    }
  }

  /** The original's database after {@code e}, replayed from the initial state. */
  static byte[] replayOriginal(ReferenceServer server, Episode e) {
    server.lock().lock();
    try {
      server.reset();
      for (ToolCall c : e.calls()) {
        if (server.operations().contains(c.name())) server.call(c.name(), c.arguments());
      }
      return server.database();
    } finally {
      server.lock().unlock();
    }
  }

  private static String toolsNote(Environment ported, Episode e, byte[] original) {
    try (EnvironmentHandle h = ported.newHandle()) {
      for (ToolCall c : e.calls()) h.callTool(c);
      List<String> d = DatabaseDiff.compare(original, h.serialize(), 2);
      return d.isEmpty() ? "" : "replayed on the ported tools the episode leaves another database: " + String.join("; ", d);
    }
  }
}
