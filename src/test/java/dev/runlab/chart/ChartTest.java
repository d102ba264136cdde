package dev.runlab.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class ChartTest {
  static final Chart.Bar BAR =
      new Chart.Bar("errors", "count", List.of("timeout", "parse_error"), List.of(8.0, 3.0));
  static final Chart.Line LINE =
      new Chart.Line(
          "throughput", "minutes", "per minute", List.of(0.0, 1.0, 2.0), List.of(5.0, 10.0, 0.0));
  static final Chart.Heatmap MAP =
      new Chart.Heatmap(
          "confusion",
          "gold",
          "answer",
          List.of("neg", "pos"),
          List.of("neg", "pos"),
          new double[][] {{4, 1}, {0, 3}});

  @Test
  void png_decodesWithImageIoForEveryKind() throws Exception {
    for (Chart chart : List.of(BAR, LINE, MAP)) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png()));
      assertThat(image).as(chart.title()).isNotNull();
      assertThat(image.getWidth()).isEqualTo(800);
      assertThat(image.getHeight()).isEqualTo(480);
    }
  }

  @Test
  void svg_parsesAsXmlWithAnSvgRootForEveryKind() throws Exception {
    for (Chart chart : List.of(BAR, LINE, MAP)) {
      String svg = chart.svg();
      assertThat(svg).startsWith("<svg");
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
      assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    }
  }

  @Test
  void emptyCharts_stillRender() throws Exception {
    Chart.Bar empty = new Chart.Bar("nothing yet", "count", List.of(), List.of());
    assertThat(ImageIO.read(new ByteArrayInputStream(empty.png()))).isNotNull();
    assertThat(empty.text()).contains("(no data)");
    Chart.Line none =
        new Chart.Line("no results yet", "minutes", "per minute", List.of(), List.of());
    assertThat(none.svg()).startsWith("<svg");
    assertThat(none.text()).contains("(no data)");
  }

  @Test
  void text_barLengthsAreProportionalToTheValuesInEighths() {
    assertThat(TextCharts.bar(8, 8, 40)).isEqualTo("█".repeat(40));
    assertThat(TextCharts.bar(3, 8, 40)).isEqualTo("█".repeat(15));
    assertThat(TextCharts.bar(1, 8, 4)).isEqualTo("▌"); // 1/8 of 4 cells: 4 eighths of one
    assertThat(TextCharts.bar(1, 64, 4)).isEqualTo("▏"); // half an eighth rounds up to one
    assertThat(TextCharts.bar(0, 8, 40)).isEmpty();
    assertThat(BAR.toString())
        .isEqualTo(
            "errors\n  timeout     │"
                + "█".repeat(40)
                + " 8\n  parse_error │"
                + "█".repeat(15)
                + " 3");
  }

  @Test
  void text_lineIsASparklineWithItsRange() {
    // 5 of 10 → level 3.5 of 7, rounded to 4: ▅
    assertThat(LINE.text()).contains("▅█▁").contains("per minute: 0 … 10; minutes from 0 to 2");
  }

  @Test
  void text_heatmapShadesCellsByValue() {
    assertThat(MAP.text()).contains("neg  │ █ 4 ░ 1").contains("pos  │ · 0 ▓ 3");
  }

  @Test
  void text_fitsTheWidth_cuttingLabelsThenLeavingOutHeatmapColumnsWithANote() {
    List<String> labels =
        List.of(
            "fall",
            "struck_by",
            "motor_vehicle",
            "burn",
            "cut_pierce",
            "poisoning",
            "overexertion",
            "other",
            "(parse_error)",
            "(truncated)");
    double[][] values = new double[labels.size()][labels.size()];
    for (int r = 0; r < labels.size(); r++) {
      values[r][r] = 1234;
      values[r][(r + 1) % labels.size()] = 7;
    }
    Chart.Heatmap wide =
        new Chart.Heatmap(
            "confusion of experiment 1", "gold label", "answer", labels, labels, values);
    for (int width : new int[] {80, 120, 200}) {
      String text = wide.text(width);
      assertThat(text.lines())
          .as(text)
          .allSatisfy(l -> assertThat(TextWidth.of(l)).isLessThanOrEqualTo(width));
      assertThat(text).contains("fall").contains("1234");
    }
    assertThat(wide.text(200)).doesNotContain("+").contains("(truncated)");
    assertThat(wide.text(80)).containsPattern("\\+\\d+ columns?: .*\\(truncated\\)\\)$");

    Chart.Bar bar =
        new Chart.Bar(
            "errors",
            "count",
            List.of("a label much longer than the room there is", "b"),
            List.of(8.0, 3.5));
    assertThat(bar.text(40).lines())
        .allSatisfy(l -> assertThat(TextWidth.of(l)).isLessThanOrEqualTo(40));
    assertThat(bar.text(40)).contains("a label much longer t… │██████████ 8").contains(" 3.5");
  }

  @Test
  void valueAxesStartAtZero_soASmallLastBucketDoesNotLookLikeACollapse() {
    Chart.Line high =
        new Chart.Line(
            "t", "minutes", "per minute", List.of(0.0, 1.0, 2.0), List.of(2600.0, 2700.0, 900.0));
    assertThat(((org.knowm.xchart.XYChart) ChartImages.draw(high)).getStyler().getYAxisMin())
        .isEqualTo(0.0);
    assertThat(((org.knowm.xchart.CategoryChart) ChartImages.draw(BAR)).getStyler().getYAxisMin())
        .isEqualTo(0.0);
  }

  @Test
  void text_numbersAreRoundedForPeople() {
    assertThat(TextCharts.number(2520.4)).isEqualTo("2520");
    assertThat(TextCharts.number(0.016666666666666666)).isEqualTo("0.017");
    assertThat(TextCharts.number(12.25)).isEqualTo("12.3");
    assertThat(TextCharts.number(1.5)).isEqualTo("1.5");
    assertThat(TextCharts.number(42)).isEqualTo("42");
  }

  @Test
  void mismatchedLengths_areRefusedWithBothCounts() {
    assertThatThrownBy(() -> new Chart.Bar("x", "", List.of("a"), List.of()))
        .hasMessageContaining("1 labels, 0 values");
  }
}
