package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.store.Scoring.Verdict;
import org.junit.jupiter.api.Test;

class ScoringTest {
  @Test
  void labelKey_stripsUnicodeWhiteSpace_andFoldsCase() {
    assertThat(Scoring.labelKey("Fall")).isEqualTo("fall");
    assertThat(Scoring.labelKey("fall\t")).isEqualTo("fall");
    assertThat(Scoring.labelKey("  FALL  ")).isEqualTo("fall");
    assertThat(Scoring.labelKey("fall\u00A0")).isEqualTo("fall"); // no-break space from a web page
    assertThat(Scoring.labelKey("\u3000fall\u202F\u200B")).isEqualTo("fall");
    assertThat(Scoring.labelKey("\uFEFFfall\r\n")).isEqualTo("fall");
    assertThat(Scoring.labelKey("ÉCHELLE")).isEqualTo("échelle"); // beyond ASCII
    assertThat(Scoring.labelKey("Straße")).isEqualTo(Scoring.labelKey("STRASSE"));
    assertThat(Scoring.labelKey("e\u0301")).isEqualTo(Scoring.labelKey("é")); // NFC
    assertThat(Scoring.labelKey("struck by")).isEqualTo("struck by"); // inner space kept
    assertThat(Scoring.labelKey(null)).isEmpty();
    assertThat(Scoring.labelKey("\u00A0 \t")).isEmpty();
  }

  @Test
  void verdict_okAnswersAreComparedByKey_modelOutcomesAreWrong_transportErrorsExcluded() {
    assertThat(Scoring.verdict("ok", null, "Fall\u00A0", "fall")).isEqualTo(Verdict.RIGHT);
    assertThat(Scoring.verdict("ok", null, "fall", "burn")).isEqualTo(Verdict.WRONG);
    assertThat(Scoring.verdict("ok", null, "fall", null)).isEqualTo(Verdict.WRONG);
    assertThat(Scoring.verdict("error", "parse_error", "fall", null)).isEqualTo(Verdict.WRONG);
    assertThat(Scoring.verdict("error", "truncated", "fall", null)).isEqualTo(Verdict.WRONG);
    assertThat(Scoring.verdict("error", "refusal", "fall", null)).isEqualTo(Verdict.WRONG);
    assertThat(Scoring.verdict("error", "timeout", "fall", null)).isEqualTo(Verdict.EXCLUDED);
    assertThat(Scoring.verdict("error", "server_error", "fall", null)).isEqualTo(Verdict.EXCLUDED);
    assertThat(Scoring.verdict("pending", "timeout", "fall", null)).isEqualTo(Verdict.NOT_SCORED);
    assertThat(Scoring.verdict("ok", null, " \u00A0", "fall")).isEqualTo(Verdict.NOT_SCORED);
    assertThat(Scoring.verdict("error", "timeout", null, null)).isEqualTo(Verdict.NOT_SCORED);
  }

  @Test
  void theCorrectColumn_isBlankOnlyWhereNothingIsScored() {
    assertThat(Verdict.RIGHT.correctColumn()).isEqualTo(1);
    assertThat(Verdict.WRONG.correctColumn()).isEqualTo(0);
    assertThat(Verdict.EXCLUDED.correctColumn()).isNull();
    assertThat(Verdict.NOT_SCORED.correctColumn()).isNull();
  }
}
