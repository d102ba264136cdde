package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void format_isFixedWidthIsoUtcWithMillisecondsAndRoundTrips() {
    assertThat(Timestamps.format(Instant.parse("2025-10-29T13:23:15.120456Z")))
        .isEqualTo("2025-10-29T13:23:15.120Z");
    assertThat(Timestamps.format(Instant.parse("1970-01-01T00:00:00Z")))
        .isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.parse("1969-12-31T23:59:59.999Z")))
        .isEqualTo("1969-12-31T23:59:59.999Z");
    assertThat(Timestamps.format(null)).isNull();
  }

  @Test
  void format_agreesWithTheFormatterOnRandomInstantsAndRepeats() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochMilli(random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L));
      String expected = REFERENCE.format(t.truncatedTo(ChronoUnit.MILLIS));
      assertThat(Timestamps.format(t)).isEqualTo(expected);
      assertThat(Timestamps.format(t)).isEqualTo(expected); // the cached text
      assertThat(Timestamps.parse(expected)).isEqualTo(t.truncatedTo(ChronoUnit.MILLIS));
    }
  }
}
