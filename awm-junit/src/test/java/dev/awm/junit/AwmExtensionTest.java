package dev.awm.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.EnvironmentDefinition;
import dev.awm.core.StarterPack;
import dev.awm.runtime.EnvironmentHandle;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

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
}
