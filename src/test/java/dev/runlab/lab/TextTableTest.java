package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Text tables line up by display width: CJK and emoji take two columns, combining marks none. */
class TextTableTest {
  @Test
  void wideAndCombiningCharacters_lineUpTheBorders() {
    Table t =
        Table.create(
            "labels",
            StringColumn.create("label", "fall", "東京", "😀 ok", "e\u0301te\u0301", "ｆｕｌｌ"),
            IntColumn.create("n", 1, 22, 333, 4, 5));

    String text = TextTable.render(t, new Display());

    List<String> lines = text.lines().toList();
    List<String> box = lines.subList(0, lines.size() - 1); // the footer is not boxed
    assertThat(box).hasSize(9);
    int width = TextTable.width(box.get(0));
    assertThat(box).allSatisfy(line -> assertThat(TextTable.width(line)).isEqualTo(width));
    assertThat(text).contains("│ 東京     │  22 │").contains("│ 😀 ok    │ 333 │");
  }

  @Test
  void cut_countsColumns_andNeverSplitsASurrogatePair() {
    String emoji = "😀".repeat(10); // 20 columns, 20 chars
    String cut = TextTable.cut(emoji, 6);
    assertThat(cut).isEqualTo("😀😀…");
    assertThat(TextTable.width(cut)).isLessThanOrEqualTo(6);
    assertThat(TextTable.cut("東京都庁舎", 6)).isEqualTo("東京…");
    assertThat(TextTable.cut("abcdef", 6)).isEqualTo("abcdef");
    assertThat(TextTable.cut("😀😀😀", 6)).isEqualTo("😀😀😀");
    for (int max = 4; max < 12; max++) {
      String c = TextTable.cut("a😀b東c😀", max);
      assertThat(TextTable.width(c)).isLessThanOrEqualTo(max);
      assertThat(c.chars().filter(ch -> Character.isSurrogate((char) ch)).count() % 2).isZero();
      assertThat(Character.isHighSurrogate(c.charAt(c.length() - 1))).isFalse();
    }
  }
}
