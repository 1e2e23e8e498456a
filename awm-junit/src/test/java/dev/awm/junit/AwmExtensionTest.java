package dev.awm.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.runtime.EnvironmentHandle;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

@ExtendWith(AwmExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwmExtensionTest {
  static EnvironmentHandle previous;

  /** The tracker with only its first three tasks: a definition given in code. */
  public static final class SmallTracker implements Supplier<EnvironmentDefinition> {
    @Override
    public EnvironmentDefinition get() {
      EnvironmentDefinition d = StarterPack.load("project_tracker");
      return d.toBuilder().tasks(d.tasks().subList(0, 3)).build();
    }
  }

  @AwmEnvironment("e_commerce")
  EnvironmentHandle shop;

  @Test
  @Order(1)
  void injectsAFreshHandleIntoAField() {
    assertThat(shop.isClosed()).isFalse();
    assertThat(shop.callTool("update_my_profile", Map.of("full_name", "Changed")).isError()).isFalse();
    previous = shop;
  }

  @Test
  @Order(2)
  void theNextTestGetsANewHandleInTheInitialStateAndTheOldOneIsClosed() {
    assertThat(previous.isClosed()).isTrue();
    assertThat(shop).isNotSameAs(previous);
    assertThat(shop.query("SELECT full_name FROM users WHERE id = 1").get(0).get("full_name")).isNotEqualTo("Changed");
  }

  @Test
  @Order(3)
  void injectsParametersFromADefinitionSupplier(@AwmEnvironment(definition = SmallTracker.class) EnvironmentHandle tracker,
      @AwmEnvironment("calendar_booking") EnvironmentHandle calendar) {
    assertThat(tracker.environment().definition().tasks()).hasSize(3);
    assertThat(calendar.environment().name()).isEqualTo("calendar_booking");
    assertThat(tracker.listTools()).hasSize(43);
  }

  @Test
  @Order(4)
  void aHandleForTheWholeClassIsClosedWithItAndTheTestsOwnHandlesStillAfterEachTest() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(ClassLevel.class)).build(), listener);
    assertThat(listener.getSummary().getTestsSucceededCount()).isEqualTo(2);
    assertThat(listener.getSummary().getFailures()).isEmpty();
    assertThat(ClassLevel.forTheClass.isClosed()).isTrue();
    assertThat(ClassLevel.previous.isClosed()).isTrue();
  }

  /** Run by the test above (not found by the build on its own: a nested class). */
  @ExtendWith(AwmExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class ClassLevel {
    static EnvironmentHandle forTheClass;
    static EnvironmentHandle previous;

    @AwmEnvironment("e_commerce")
    EnvironmentHandle shop;

    @BeforeAll
    static void open(@AwmEnvironment("e_commerce") EnvironmentHandle h) {
      forTheClass = h;
    }

    @Test
    @Order(1)
    void first() {
      previous = shop;
    }

    @Test
    @Order(2)
    void second() {
      assertThat(previous.isClosed()).as("the first test's handle").isTrue();
      assertThat(forTheClass.isClosed()).as("the class's handle").isFalse();
    }
  }
}
