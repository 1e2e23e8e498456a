package dev.awm.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python interpreter that runs the reference's environments and verifiers for the port's
 * differential check: one that imports FastAPI, SQLAlchemy 2, Pydantic 2 and uvicorn.
 *
 * @param executable the interpreter
 * @param versions what it reported, for example {@code fastapi 0.142.2, sqlalchemy 2.0.54, pydantic 2.13.5, uvicorn 0.54.0}
 */
public record PythonRuntime(Path executable, String versions) {
  /** The variable that names an interpreter when no option does. */
  public static final String VARIABLE = "AWM_PYTHON";

  private static final String PROBE = "import fastapi, sqlalchemy, pydantic, uvicorn\n"
      + "assert int(sqlalchemy.__version__.split('.')[0]) >= 2, 'SQLAlchemy ' + sqlalchemy.__version__ + ' is older than 2'\n"
      + "assert int(pydantic.VERSION.split('.')[0]) >= 2, 'Pydantic ' + pydantic.VERSION + ' is older than 2'\n"
      + "print('fastapi %s, sqlalchemy %s, pydantic %s, uvicorn %s' % (fastapi.__version__, sqlalchemy.__version__, pydantic.VERSION, uvicorn.__version__))\n";

  /**
   * The virtual environment {@code .ci/run} creates from the machine's wheelhouse:
   * {@code $XDG_CACHE_HOME/awm/python-venv} (or {@code ~/.cache/awm/python-venv}).
   *
   * @param env the environment variables to read {@code XDG_CACHE_HOME} from
   * @return the directory of the virtual environment (it may not exist)
   */
  public static Path defaultVenv(Map<String, String> env) {
    String cache = env.get("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("awm").resolve("python-venv");
  }

  /**
   * The outcome of looking for an interpreter: the runtime, or why there is none.
   *
   * @param runtime the interpreter found, or empty
   * @param why why there is none (empty when one was found)
   */
  public record Lookup(Optional<PythonRuntime> runtime, String why) {
    /** {@return whether a usable interpreter was found} */
    public boolean found() {
      return runtime.isPresent();
    }
  }

  /**
   * Finds the interpreter: {@code option} when given (it must work), else {@code $AWM_PYTHON}, else
   * the default virtual environment's {@code bin/python}.
   *
   * @param option the interpreter given on the command line, or null
   * @param env the environment variables ({@code AWM_PYTHON}, {@code XDG_CACHE_HOME})
   * @return the interpreter found, or why there is none
   */
  public static Lookup find(Path option, Map<String, String> env) {
    if (option != null) return probe(option);
    String named = env.get(VARIABLE);
    if (named != null && !named.isBlank()) return probe(Path.of(named));
    Path venv = defaultVenv(env).resolve("bin").resolve("python");
    if (!Files.isExecutable(venv)) {
      return new Lookup(Optional.empty(), "no Python given (--python or $" + VARIABLE + ") and no virtual environment at " + defaultVenv(env)
          + " (.ci/run creates it: python3 -m venv DIR && DIR/bin/pip install fastapi 'sqlalchemy>=2,<2.1' pydantic uvicorn)");
    }
    return probe(venv);
  }

  /**
   * Checks that {@code python} runs and imports what the reference's code needs.
   *
   * @param python the interpreter's path
   * @return the runtime with its versions, or why it cannot be used
   */
  public static Lookup probe(Path python) {
    try {
      Process p = new ProcessBuilder(List.of(python.toString(), "-c", PROBE)).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Lookup(Optional.empty(), python + " did not answer within 60 s");
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        String last = text.isEmpty() ? "exit code " + p.exitValue() : text.substring(text.lastIndexOf('\n') + 1);
        return new Lookup(Optional.empty(), python + " cannot run the reference's code: " + last);
      }
      return new Lookup(Optional.of(new PythonRuntime(python, text)), "");
    } catch (IOException e) {
      return new Lookup(Optional.empty(), "cannot run " + python + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Lookup(Optional.empty(), "interrupted while probing " + python);
    }
  }

}
