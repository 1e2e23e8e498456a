package dev.awm.cli.report;

import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The numbers a report page (its HTML, or the DOM a browser made of it) shows, by their {@code data-k} names. */
final class PageNumbers {
  private PageNumbers() {}

  /** Environment {@code env}'s number {@code key} in the summary table, or empty when the page has none. */
  static OptionalLong env(String page, String env, String key) {
    return number(page, "data-env=\"" + Pattern.quote(env) + "\" data-k=\"" + Pattern.quote(key) + "\">([0-9,]+)<");
  }

  /** The total {@code key} (environments, tables, rows, tools, tasks, trusted, replay-passed, failures). */
  static OptionalLong total(String page, String key) {
    return number(page, "data-k=\"total-" + Pattern.quote(key) + "\">([0-9,]+)<");
  }

  /** Stage {@code stage}'s {@code in} or {@code out} in the stage table. */
  static OptionalLong stage(String page, String stage, String inOrOut) {
    return number(page, "data-stage=\"" + Pattern.quote(stage) + "\" data-k=\"" + inOrOut + "\">([0-9,]+)<");
  }

  /** The tool coverage of {@code env}: used and all, from "used/all". */
  static Map.Entry<Long, Long> coverage(String page, String env) {
    Matcher m = Pattern.compile("data-env=\"" + Pattern.quote(env) + "\" data-k=\"coverage\">([0-9]+)/([0-9]+)<").matcher(page);
    if (!m.find()) throw new AssertionError("no coverage of " + env + " on the page");
    return Map.entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private static OptionalLong number(String page, String regex) {
    Matcher m = Pattern.compile(regex).matcher(page);
    if (!m.find()) return OptionalLong.empty();
    long n = Long.parseLong(m.group(1).replace(",", ""));
    if (m.find()) throw new AssertionError("the page has more than one match of " + regex);
    return OptionalLong.of(n);
  }
}
