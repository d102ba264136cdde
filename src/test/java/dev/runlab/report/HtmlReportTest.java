package dev.runlab.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.lab.Lab;
import dev.runlab.lab.LabFixtures;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
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
