package dev.awm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.AwmDirectory;
import dev.awm.core.internal.AwmRows;
import dev.awm.core.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the output directory drops a last line cut off by a kill, and leaves whole files alone. */
class OutputStoreTest {
  private static OutputStore storeWithTwoScenarios(Path dir) {
    OutputStore store = new OutputStore(dir);
    store.append(AwmDirectory.SCENARIOS, AwmRows.scenarioRow(new Scenario("Café Orders", "Guests order coffee and pastries.")));
    store.append(AwmDirectory.SCENARIOS, AwmRows.scenarioRow(new Scenario("Bike Rental", "Riders rent bikes by the hour.")));
    return store;
  }

  @Test
  void dropsALastLineCutInsideAMultiByteCharacter(@TempDir Path dir) throws Exception {
    OutputStore store = storeWithTwoScenarios(dir);
    Path file = dir.resolve(AwmDirectory.SCENARIOS);
    String whole = Files.readString(file);
    byte[] cafe = "{\"name\":\"Café".getBytes(StandardCharsets.UTF_8);
    Files.write(file, Arrays.copyOf(cafe, cafe.length - 1), StandardOpenOption.APPEND); // the kill fell between é's two bytes

    assertThat(store.load()).containsOnlyKeys("caf_orders", "bike_rental");
    assertThat(Files.readString(file)).isEqualTo(whole);
  }

  @Test
  void dropsACutOffLastLineAndKeepsTheRest(@TempDir Path dir) throws Exception {
    OutputStore store = storeWithTwoScenarios(dir);
    Path file = dir.resolve(AwmDirectory.SCENARIOS);
    String whole = Files.readString(file);
    Files.writeString(file, "{\"name\": \"Half", StandardOpenOption.APPEND);

    assertThat(store.load()).containsOnlyKeys("caf_orders", "bike_rental");
    assertThat(Files.readString(file)).isEqualTo(whole);
  }

  @Test
  void leavesWholeFilesAlone(@TempDir Path dir) throws Exception {
    OutputStore store = storeWithTwoScenarios(dir);
    Path file = dir.resolve(AwmDirectory.SCENARIOS);
    Files.writeString(file, "{\"name\":\"No Newline\",\"description\":\"The last row has no line end.\"}", StandardOpenOption.APPEND);
    String before = Files.readString(file);
    Files.writeString(dir.resolve(AwmDirectory.TASKS), "");

    assertThat(store.load()).containsOnlyKeys("caf_orders", "bike_rental", "no_newline");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(Files.readString(dir.resolve(AwmDirectory.TASKS))).isEmpty();
  }
}
