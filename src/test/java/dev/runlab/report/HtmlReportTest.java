package dev.runlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.Lab;
import dev.runlab.lab.LabFixtures;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlReportTest {
  static final String SVG = "http://www.w3.org/2000/svg";
  @TempDir Path dir;

  private static Document parse(String page) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(page)));
  }

  @Test
  void report_hasEvaluationTablesAndChartsOfTheHandMadeExperiment() throws Exception {
    try (Lab lab = LabFixtures.open(LabFixtures.create(dir))) {
      String page = HtmlReport.render(lab, 1, Instant.parse("2026-01-06T00:00:00Z"));
      Document doc = parse(page);
      // throughput, errors by category, accuracy per label, confusion
      assertThat(doc.getElementsByTagNameNS(SVG, "svg").getLength()).isEqualTo(4);
      assertThat(page).contains("accuracy 60.0% (3 of 5 scored results");
      assertThat(page).contains("<caption>label scores of experiment 1</caption>");
      assertThat(page).contains("<th>(parse_error)</th>").doesNotContain("<script");
      assertThat(page).contains("report written 2026-01-06T00:00:00Z");
    }
  }

  @Test
  void report_readsWell_contrastAxesFromZeroTablesInTheColumnNumbersSharesPlurals()
      throws Exception {
    try (Lab lab = LabFixtures.open(LabFixtures.create(dir))) {
      String page = HtmlReport.render(lab, 1, Instant.parse("2026-01-06T00:00:00Z"));
      Document doc = parse(page);
      NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");

      // every heatmap cell (and anything else drawn there) keeps its black values readable
      String confusion = page.substring(page.lastIndexOf("<svg"), page.lastIndexOf("</svg>"));
      List<int[]> fills = fills(confusion);
      assertThat(fills).hasSizeGreaterThan(3);
      for (int[] rgb : fills) {
        if (rgb[0] + rgb[1] + rgb[2] > 0) {
          assertThat(contrastWithBlack(rgb))
              .as("rgb(%d,%d,%d) against black", rgb[0], rgb[1], rgb[2])
              .isGreaterThanOrEqualTo(4.5);
        }
      }
      // each chart says in words what its axes are, and that values start at zero
      NodeList captions = doc.getElementsByTagName("figcaption");
      assertThat(captions.getLength()).isEqualTo(svgs.getLength());
      assertThat(captions.item(0).getTextContent())
          .matches(
              "Line: results per minute, from 0, against (seconds|minutes|hours) since the"
                  + " first result\\.");
      assertThat(captions.item(1).getTextContent())
          .isEqualTo("Bars: final errors, from 0 (2 bars).");
      assertThat(page).doesNotContain("_since_first_result", "per_minute");
      // every table sits in a box that scrolls inside the page's column
      int tables = doc.getElementsByTagName("table").getLength();
      assertThat(tables).isGreaterThanOrEqualTo(4);
      assertThat(countOf(page, "<div class=\"runlab-table\" style=\"overflow-x:auto"))
          .isEqualTo(tables);
      assertThat(page).contains("div.runlab-table { overflow-x: auto;");
      // shares carry a %, numbers are rounded, counts agree with their nouns
      assertThat(page).containsPattern("<td style=\"text-align:right\">\\d+\\.\\d%</td>");
      String text = page.replaceAll("(?s)<svg.*?</svg>", "");
      assertThat(text).doesNotContainPattern("\\d\\.\\d{5,}");
      assertThat(text).doesNotContainPattern("\\b1 (transport errors|errors|scored results)\\b");
    }
  }

  private static List<int[]> fills(String svg) {
    List<int[]> out = new ArrayList<>();
    Matcher m = Pattern.compile("fill:rgb\\((\\d+),(\\d+),(\\d+)\\)").matcher(svg);
    while (m.find()) {
      out.add(
          new int[] {
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
          });
    }
    return out;
  }

  /** WCAG's contrast ratio of a colour against black. */
  static double contrastWithBlack(int[] rgb) {
    double l = 0;
    double[] weights = {0.2126, 0.7152, 0.0722};
    for (int i = 0; i < 3; i++) {
      double c = rgb[i] / 255.0;
      c = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      l += weights[i] * c;
    }
    return (l + 0.05) / 0.05;
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void report_ofAnExperimentWithoutErrorsSaysSoAndStaysWellFormed() throws Exception {
    try (Lab lab = LabFixtures.open(LabFixtures.create(dir))) {
      String page = HtmlReport.render(lab, 3, Instant.parse("2026-01-06T00:00:00Z"));
      Document doc = parse(page);
      assertThat(page).contains("<p>No final errors.</p>");
      // throughput, accuracy per label, confusion
      assertThat(doc.getElementsByTagNameNS(SVG, "svg").getLength()).isEqualTo(3);
    }
  }
}
