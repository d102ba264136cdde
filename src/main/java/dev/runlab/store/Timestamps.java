package dev.runlab.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one text form of instants in the database: ISO-8601 UTC with milliseconds and a fixed width
 * ({@code 2025-10-29T13:23:15.120Z}), so that text order is time order and SQLite's date functions
 * read it. Thread-safe.
 */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The last text made, by its epoch millisecond: a batch's rows mostly share one. */
  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  private record Formatted(long epochMilli, String text) {}

  private Timestamps() {}

  /**
   * The text form of {@code instant} (null for null). Written by hand rather than through a {@link
   * DateTimeFormatter}: the run's writer formats one per result row, and the formatter's garbage
   * (about 1 KB a call) was the largest allocation of a run.
   */
  public static String format(Instant instant) {
    if (instant == null) {
      return null;
    }
    long millis = instant.toEpochMilli();
    Formatted cached = last;
    if (cached.epochMilli() == millis) {
      return cached.text();
    }
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
    char[] c = new char[24];
    digits(c, 0, t.getYear(), 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, Math.floorMod(millis, 1000), 3);
    c[23] = 'Z';
    String text = new String(c);
    last = new Formatted(millis, text);
    return text;
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  public static Instant parse(String text) {
    return text == null || text.isEmpty() ? null : Instant.parse(text);
  }
}
