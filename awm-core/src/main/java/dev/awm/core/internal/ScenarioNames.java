package dev.awm.core.internal;

import dev.awm.core.*;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The scenario name normalization that joins the AWM files: lower case, every character outside
 * {@code [a-z0-9_]} becomes {@code _}, runs of {@code _} collapse to one, leading and trailing
 * {@code _} are trimmed. {@code "Amazon (Shop)"} becomes {@code "amazon_shop"}.
 */
public final class ScenarioNames {
  private static final Pattern OUTSIDE = Pattern.compile("[^a-z0-9_]");
  private static final Pattern RUNS = Pattern.compile("_+");

  private ScenarioNames() {}

  /** Returns the normalized form of {@code name}; never null. */
  public static String normalize(String name) {
    Objects.requireNonNull(name, "scenario name");
    String s = OUTSIDE.matcher(name.toLowerCase(java.util.Locale.ROOT)).replaceAll("_");
    s = RUNS.matcher(s).replaceAll("_");
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '_') start++;
    while (end > start && s.charAt(end - 1) == '_') end--;
    return s.substring(start, end);
  }
}
