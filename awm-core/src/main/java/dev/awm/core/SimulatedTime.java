package dev.awm.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * An environment's simulated "now": the moment its world stands still at. Every handle of the
 * environment sees this time, whatever the wall clock says: SQLite's {@code 'now'} and
 * {@code CURRENT_TIMESTAMP}, the clock generated code reads ({@code db.now()}), and every prompt that
 * needs a date. The simulated world has one time zone, UTC.
 *
 * <p>It is stored in {@code gen_scenario.jsonl} as the field {@value #FIELD} of the scenario's row,
 * written {@code "2026-05-20T10:00:00"} (ISO local date and time, whole seconds); a value with an
 * offset ({@code "...Z"}, {@code "...+02:00"}) is converted to UTC, and a date alone means midnight.
 * Files without it (such as AgentWorldModel-1K's) get {@link #DEFAULT}.
 */
public final class SimulatedTime {
  /** The scenario row's field that holds the simulated now. */
  public static final String FIELD = "simulated_now";
  /** The simulated now of an environment whose files do not say: 2025-06-01T09:00:00. */
  public static final LocalDateTime DEFAULT = LocalDateTime.of(2025, 6, 1, 9, 0, 0);
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private SimulatedTime() {}

  /**
   * Reads a stored value.
   *
   * @param value an ISO date and time, with or without an offset, or an ISO date (midnight)
   * @return the moment in UTC, truncated to whole seconds
   * @throws IllegalArgumentException naming the field and the value when it is not a date or date and time
   */
  public static LocalDateTime parse(String value) {
    String v = value == null ? "" : value.strip();
    try {
      if (v.length() == 10) return LocalDate.parse(v).atStartOfDay();
      if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return OffsetDateTime.parse(v.replace(' ', 'T')).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS);
      }
      return LocalDateTime.parse(v.replace(' ', 'T')).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("\"" + FIELD + "\" must be an ISO date and time such as 2026-05-20T10:00:00, not \"" + value + "\"", e);
    }
  }

  /**
   * Writes the stored form.
   *
   * @param now the moment (UTC)
   * @return it as {@code 2026-05-20T10:00:00} (fractions of a second dropped)
   */
  public static String format(LocalDateTime now) {
    return FORMAT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Writes the form prompts use.
   *
   * @param now the moment (UTC)
   * @return it as {@code Tuesday, 2026-05-20 10:00:00 (UTC)}
   */
  public static String describe(LocalDateTime now) {
    String day = now.getDayOfWeek().toString();
    return day.charAt(0) + day.substring(1).toLowerCase(java.util.Locale.ROOT) + ", " + format(now).replace('T', ' ') + " (UTC)";
  }
}
