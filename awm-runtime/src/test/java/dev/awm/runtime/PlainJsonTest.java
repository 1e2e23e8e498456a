package dev.awm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awm.core.internal.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A tool result's text is what the project's mapper writes for the same value, through the streaming writer. */
class PlainJsonTest {
  @Test
  void theStreamingWriterWritesWhatTheMapperWrites() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", 3L);
    row.put("int", 7);
    row.put("short", (short) -2);
    row.put("price", 59.99);
    row.put("whole", 5.0);
    row.put("tiny", 1.0E-9);
    row.put("huge", 1.0E22);
    row.put("nan", Double.NaN);
    row.put("float", 0.1f);
    row.put("decimal", new BigDecimal("12.3400"));
    row.put("big", new BigInteger("98765432109876543210"));
    row.put("atomic", new AtomicLong(9));
    row.put("null", null);
    row.put("yes", true);
    row.put("text", "caf\u00e9 \u2603 \"quoted\" \\ \n\t\u0001 </script>");
    row.put("blob", new byte[] {0, 1, 2, (byte) 255, 10});
    row.put("", "empty key");
    List<Object> list = new ArrayList<>(Arrays.asList(1L, "two", null, List.of(), Map.of()));
    list.add(new LinkedHashMap<>(Map.of("nested", List.of(1.5, false))));
    row.put("list", list);
    for (Object value : List.of(row, list, "just text", 42L, 2.5, false)) {
      assertThat(PlainJson.text(value)).isEqualTo(JsonValues.write(value));
    }
    assertThat(PlainJson.text(null)).isEqualTo("null");
  }
}
