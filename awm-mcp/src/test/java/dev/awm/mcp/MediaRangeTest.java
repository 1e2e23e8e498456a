package dev.awm.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code Accept} and {@code Content-Type} as the transport reads them on every request, without
 * allocating: the same answers as splitting the header (lower-cased) at commas and semicolons and
 * trimming, for the headers clients send and for odd ones. (That way threw for a header of only
 * separators, such as {@code ;}: {@code split} gives no parts. Such a header now covers nothing.)
 */
class MediaRangeTest {
  private static final List<String> HEADERS = List.of("application/json, text/event-stream", "text/event-stream,application/json",
      "TEXT/EVENT-STREAM;q=0.9,Application/JSON", "*/*", "text/*", "application/*;q=1", "", " ", ",", ",,", ";", "application/jsonx",
      "xapplication/json", "text/event-streamx", "application/json;", "application/json;charset=utf-8", " application/json ",
      "application/json\t", "\tapplication/json ; q=0.5 , text/event-stream ;level=1", "*/*;q=0", "application", "application/",
      "/*", "*/", "**/*", "text/**", "text/event-stream,", ",text/event-stream", "application/json,,text/event-stream",
      "application /json", "application/ json", "image/png, */*;q=0.1", "APPLICATION/*", "text/event-stream;;", "a/b;c,d/e");

  /** The answers before: lower-case, split, trim (a part with nothing before its semicolon is empty). */
  private static boolean acceptsBefore(String accept, String type) {
    if (accept == null) return false;
    String family = type.substring(0, type.indexOf('/')) + "/*";
    for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
      String[] bits = part.split(";");
      String range = bits.length == 0 ? "" : bits[0].trim();
      if (range.equals(type) || range.equals(family) || range.equals("*/*")) return true;
    }
    return false;
  }

  private static boolean isJsonBefore(String type) {
    String[] bits = type == null ? new String[0] : type.toLowerCase(Locale.ROOT).split(";");
    return bits.length > 0 && bits[0].trim().equals("application/json");
  }

  @Test
  void acceptAndContentTypeAreReadAsBefore() {
    List<String> differ = new ArrayList<>();
    List<String> headers = new ArrayList<>(HEADERS);
    headers.add(null);
    for (String h : headers) {
      for (String type : List.of("application/json", "text/event-stream")) {
        if (StreamableHttpChecks.accepts(h, type) != acceptsBefore(h, type)) differ.add("Accept '" + h + "' for " + type);
      }
      if (StreamableHttpChecks.isJson(h) != isJsonBefore(h)) differ.add("Content-Type '" + h + "'");
    }
    assertThat(differ).isEmpty();
    assertThat(StreamableHttpChecks.accepts("application/json, text/event-stream", "text/event-stream")).isTrue();
    assertThat(StreamableHttpChecks.accepts("application/json", "text/event-stream")).isFalse();
    assertThat(StreamableHttpChecks.isJson("Application/JSON; charset=utf-8")).isTrue();
  }
}
