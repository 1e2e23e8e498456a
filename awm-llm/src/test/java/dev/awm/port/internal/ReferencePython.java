package dev.awm.port.internal;

import dev.awm.pipeline.PythonRuntime;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The Python side of the port's tests: the interpreter {@link PythonRuntime#find} finds (.ci/run
 * creates its virtual environment). Without it a test is skipped with a message, and fails when
 * {@code CI=true}: CI must run the differential check for real.
 */
public final class ReferencePython {
  private ReferencePython() {}

  /** The interpreter, or the test aborts (fails under CI). */
  public static PythonRuntime require(String test) {
    PythonRuntime.Lookup l = PythonRuntime.find(null, System.getenv());
    if (l.found()) return l.runtime().orElseThrow();
    String why = "no Python with FastAPI, SQLAlchemy 2, Pydantic 2 and uvicorn: " + l.why() + "; " + test + " cannot run the differential check";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(why);
    System.err.println("SKIPPED " + test + ": " + why);
    Assumptions.abort(why);
    return null;
  }
}
