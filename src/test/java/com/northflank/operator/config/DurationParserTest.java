package com.northflank.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations are read whole, and nothing too long for the arithmetic done on them gets through. */
class DurationParserTest {

  @Test
  void readsGoStyleDurations() {
    assertThat(DurationParser.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationParser.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationParser.parse(" 8760h ")).isEqualTo(DurationParser.LONGEST);
  }

  /**
   * 2562048h is one hour past what a long counts in nanoseconds; the others overflow the parser's
   * own numbers. Each is refused with one line, not an ArithmeticException later.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "8761h",
        "2562048h",
        "9223372036854775807ms",
        "9223372036854775807h",
        "99999999999999999999h",
        "8760h1ms"
      })
  void refusesWhatIsLongerThanAYearWithOneLine(String text) {
    assertThatThrownBy(() -> DurationParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("8760h")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
