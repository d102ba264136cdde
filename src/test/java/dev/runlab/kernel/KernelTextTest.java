package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.junit.jupiter.api.Test;

/** Stream text, code positions and history globs of the kernel. */
class KernelTextTest {
  @Test
  void streamText_aUtf8CharacterCutByAFlushWaitsForItsEnd() {
    RecordedOutput out = new RecordedOutput();
    StreamText stream = new StreamText("stdout", out);
    byte[] e = "é€".getBytes(StandardCharsets.UTF_8); // 2 + 3 bytes

    stream.write(e, 0, 1);
    stream.flush();
    assertThat(out.events()).isEmpty();
    stream.write(e, 1, 3);
    stream.flush();
    stream.write(e, 4, 1);
    stream.flush();

    assertThat(out.stream("stdout")).isEqualTo("é€");
    assertThat(out.kinds()).containsExactly("stdout", "stdout");
  }

  @Test
  void codeText_convertsBetweenCodePointsAndIndexes() {
    String code = "\uD83D\uDE00ab";
    assertThat(CodeText.toIndex(code, 1)).isEqualTo(2);
    assertThat(CodeText.fromIndex(code, 3)).isEqualTo(2);
    assertThat(CodeText.toIndex(code, 99)).isEqualTo(code.length());
  }

  @Test
  void codeText_namesAtTheCursorMostSpecificFirst() {
    assertThat(CodeText.namesAt("chart.throughput(3)", 8))
        .containsExactly("chart.throughput", "throughput");
    assertThat(CodeText.namesAt("x = errors(", 11)).containsExactly("errors");
    assertThat(CodeText.namesAt("1 + ", 4)).isEmpty();
    assertThat(CodeText.indentAfter("if (a) {\n  for (;;) {")).isEqualTo("        ");
  }

  @Test
  void history_rangeTailAndGlobSearchOverTheStoredCells() {
    List<String> cells = List.of("int a = 1;", "experiments()", "errors(1)", "experiments()");
    SessionHistory over = new SessionHistory(() -> cells);

    assertThat(numbers(over.lookupTail(2, Set.of()))).containsExactly(3, 4);
    assertThat(numbers(over.lookupRange(0, 2, 4, Set.of()))).containsExactly(2, 3);
    assertThat(numbers(over.search("exp*", 10, Set.of()))).containsExactly(2, 4);
    assertThat(numbers(over.search("exp*", 10, Set.of(HistoryManager.ResultFlag.UNIQUE))))
        .containsExactly(4);
    assertThat(
            over.lookupTail(1, Set.of(HistoryManager.ResultFlag.INCLUDE_OUTPUT)).get(0).hasOutput())
        .isTrue();
  }

  private static List<Integer> numbers(List<HistoryEntry> entries) {
    return entries.stream().map(HistoryEntry::getCellNumber).toList();
  }
}
