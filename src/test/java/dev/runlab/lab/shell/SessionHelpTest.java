package dev.runlab.lab.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** help() fits the terminal: example and description side by side, or one under the other. */
class SessionHelpTest {
  @Test
  void help_fitsTheWidth_puttingDescriptionsUnderTheirExampleWhenNarrow() {
    String narrow = SessionHelp.INSTANCE.text(80);
    assertThat(narrow.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(narrow).contains("  resume()\n      the latest incomplete one");

    String wide = SessionHelp.INSTANCE.text(200);
    assertThat(wide).containsPattern("  resume\\(\\) +the latest incomplete one");
    assertThat(wide.lines().count()).isLessThan(narrow.lines().count());
  }
}
