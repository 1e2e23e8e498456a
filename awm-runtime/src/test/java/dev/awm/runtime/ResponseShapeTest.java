package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.StarterPack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool's description tells what it returns: the spec's response shape, compact and bounded. */
class ResponseShapeTest {
  @Test
  void theReferencesFieldObjectsAreReducedToTheirTypes() {
    Map<String, Object> response = Map.of("products", Map.of("type", "array", "items", Map.of(
        "id", Map.of("type", "integer", "description", "Unique product identifier", "example", 1),
        "price", Map.of("type", "float", "description", "Price in USD", "example", 999.99))));
    String shape = ResponseShape.of(response);
    assertThat(shape).contains("\"products\":[{").contains("\"id\":\"integer\"").contains("\"price\":\"float\"")
        .doesNotContain("Unique product identifier", "999.99");
  }

  @Test
  void aLargeShapeIsBoundedAndAMissingOneIsLeftOut() {
    Map<String, Object> wide = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) wide.put("field_number_" + i, Map.of("nested", Map.of("deeper", List.of(Map.of("x", "string")))));
    assertThat(ResponseShape.of(wide)).hasSizeLessThanOrEqualTo(ResponseShape.MAX_CHARS).endsWith("...");
    assertThat(ResponseShape.of(null)).isEmpty();
    assertThat(ResponseShape.of(Map.of())).isEmpty();
  }

  @Test
  void aStarterToolSaysWhatItReturns() {
    ToolDescriptor product = Environment.of(StarterPack.load("e_commerce")).tools().stream()
        .filter(t -> t.name().equals("get_product")).findFirst().orElseThrow();
    assertThat(product.description()).startsWith("Get a product. Get one product with its description")
        .contains("Returns: {\"id\":\"integer\",\"sku\":\"string\",\"name\":\"string\"");
  }
}
