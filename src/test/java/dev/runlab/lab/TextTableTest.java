package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Text tables line up by display width (CJK and emoji take two columns, combining marks none) and
 * fit the display's width: the widest text columns shrink first, then columns go from the right.
 */
class TextTableTest {
  /** Like {@code errors(e).samples(...)}: ids, a category, a count, three long texts. */
  static Table samples() {
    String message = "answer is not a JSON object: I think this narrative is about an injury";
    String text =
        "14 YOM HIT IN THE HEAD WITH A THROWN BASEBALL AT PRACTICE, NO LOC, DX CONCUSSION";
    return Table.create(
        "error samples",
        StringColumn.create("narrative_id", "N000056", "N000063"),
        StringColumn.create("category", "parse_error", "parse_error"),
        IntColumn.create("attempt_count", 1, 3),
        StringColumn.create("first_error_message", message, message),
        StringColumn.create("last_error_message", message, message),
        StringColumn.create("response_text", "I think this narrative is about an injury", "x"),
        StringColumn.create("text", text, text));
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  @Test
  void aWideTable_fitsTheWidth_byShrinkingTheWidestTextColumnsFirst() {
    String text = TextTable.render(samples(), new Display().width(200));

    List<String> box = lines(text).subList(0, 6);
    assertThat(box).allSatisfy(l -> assertThat(TextTable.width(l)).isLessThanOrEqualTo(200));
    assertThat(box).allSatisfy(l -> assertThat(l).matches("^[┌│├└].*[┐│┤┘]$"));
    // the short columns keep their width; the long texts share what is left
    assertThat(text).contains("│ N000056      │ parse_error │             1 │ answer is");
    assertThat(text).contains("│ text ").endsWith("2 rows × 7 columns");
  }

  @Test
  void aTableTooWideEvenShrunk_dropsColumnsFromTheRight_withANote() {
    for (int width : new int[] {80, 120}) {
      String text = TextTable.render(samples(), new Display().width(width));

      List<String> all = lines(text);
      assertThat(all).allSatisfy(l -> assertThat(TextTable.width(l)).isLessThanOrEqualTo(width));
      assertThat(all.subList(0, 6)).allSatisfy(l -> assertThat(l).matches("^[┌│├└].*[┐│┤┘]$"));
      assertThat(all.get(1)).startsWith("│ narrative_id │ category    │ attempt_count │");
      assertThat(all.get(all.size() - 1)).startsWith("2 rows × 7 columns (+");
    }
    assertThat(TextTable.render(samples(), new Display().width(80)))
        .endsWith("(+3 columns: last_error_message, response_text, text)");
    assertThat(TextTable.render(samples(), new Display().width(120))).endsWith("(+1 column: text)");
  }

  @Test
  void aLongNoteOfColumnsLeftOut_isCutInsideItsParenthesis() {
    String text = TextTable.render(samples(), new Display().width(40));

    String footer = lines(text).get(lines(text).size() - 1);
    assertThat(footer).startsWith("2 rows × 7 columns (+").endsWith("…)");
    assertThat(TextTable.width(footer)).isLessThanOrEqualTo(40);
  }

  @Test
  void limitsSetByHand_win_overTheFitting() {
    String cut = TextTable.render(samples(), new Display().width(120).maxColumnWidth(30));
    assertThat(cut).contains("│ answer is not a JSON object: … │"); // 30 columns, not fewer
    assertThat(lines(cut)).allSatisfy(l -> assertThat(TextTable.width(l)).isLessThanOrEqualTo(120));
    assertThat(cut).endsWith("(+2 columns: response_text, text)");

    String two = TextTable.render(samples(), new Display().width(200).maxColumns(2));
    assertThat(two)
        .endsWith(
            "2 rows × 7 columns (+5 columns: attempt_count,"
                + " first_error_message, last_error_message, response_text, text)");

    Table numbers =
        Table.create(
            "n",
            DoubleColumn.create("value", 123456789.5, 2.0),
            StringColumn.create("a", "b", "c"));
    assertThat(TextTable.render(numbers, new Display().width(20))).contains("│ 123456789.5 │");
  }

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
