package consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awm.core.StarterPack;
import dev.awm.runtime.Environment;
import org.junit.jupiter.api.Test;

/**
 * Without the BOM and without pinning jackson-annotations, Maven picks the project's older
 * annotations jar (nearer in the tree than Jackson 3's), and Jackson 3 cannot start. This project
 * shows the failure the README's advice prevents; if a later Jackson fixes it, this test says so.
 */
class ConsumerTest {
  @Test
  void jackson3FailsWithTheOlderAnnotationsJar() {
    Throwable t = assertThrows(Throwable.class, () -> Environment.of(StarterPack.load("e_commerce")));
    StringBuilder chain = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) chain.append(c).append('\n');
    assertTrue(chain.toString().contains("JsonSerializeAs"), chain.toString());
  }
}
