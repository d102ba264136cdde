package dev.runlab.report;

import dev.runlab.Plural;
import dev.runlab.chart.Chart;
import dev.runlab.lab.Display;
import dev.runlab.lab.ErrorReport;
import dev.runlab.lab.Evaluation;
import dev.runlab.lab.Experiment;
import dev.runlab.lab.ExperimentId;
import dev.runlab.lab.HtmlTable;
import dev.runlab.lab.Lab;
import java.time.Instant;
import tech.tablesaw.api.Table;

/**
 * One experiment as a self-contained HTML page for people without Jupyter: its summary, throughput
 * over time, errors, and (with gold labels) accuracy, per-label scores and the confusion matrix.
 * Tables are HTML, in boxes that scroll sideways rather than spill out of the page's column, with
 * long texts wrapped in their cells; charts are inline SVG, their value axes from zero, each with a
 * caption saying what its axes are. No scripts, styles inline, nothing loaded from elsewhere. The
 * page is well-formed XML (XHTML syntax), so XML tools can read it too. Stateless.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
      h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
      table.runlab { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
      table.runlab th, table.runlab td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
      table.runlab th { background: #f2f2f2; } caption { text-align: left; font-weight: bold; }
      table.runlab td { overflow-wrap: anywhere; }
      div.runlab-table { overflow-x: auto; max-width: 100%; }
      pre { background: #f7f7f7; padding: 1em; overflow-x: auto; white-space: pre-wrap; }
      svg { max-width: 100%; height: auto; display: block; margin: 1em 0; }
      figure { margin: 1em 0; } figcaption { color: #555; font-size: 0.9em; }
      """;

  private HtmlReport() {}

  /** The report of experiment {@code id}, as of {@code now}. */
  public static String render(Lab lab, long id, Instant now) {
    Experiment e = lab.experiment(ExperimentId.of(id));
    Display display = new Display().maxRows(30);
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n")
        .append("<head><meta charset=\"utf-8\"/><title>")
        .append(esc("runlab report: experiment " + id + " " + e.record().name()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style></head>\n<body>\n<h1>")
        .append(esc("Experiment " + id + ": " + e.record().name()))
        .append("</h1>\n<p><small>")
        .append(esc("report written " + now + " from " + lab.database()))
        .append("</small></p>\n<pre>")
        .append(esc(e.toString()))
        .append("</pre>\n");
    section(html, "Throughput over time");
    html.append(svg(lab.chart().throughput(e)));
    section(html, "Errors");
    ErrorReport errors = lab.errors(e);
    Table byCategory = errors.byCategory();
    if (byCategory.rowCount() == 0) {
      html.append("<p>No final errors.</p>\n");
    } else {
      html.append(HtmlTable.render(byCategory, display)).append('\n');
      html.append(svg(lab.chart().errorsByCategory(e)));
      html.append(HtmlTable.render(errors.samples(5), display)).append('\n');
    }
    section(html, "Evaluation against the gold labels");
    Evaluation.Accuracy accuracy = lab.accuracy(e);
    html.append("<p>").append(esc(accuracy.toString())).append("</p>\n");
    if (accuracy.scored() > 0) {
      html.append(HtmlTable.render(lab.labelScores(e), display)).append('\n');
      html.append(svg(lab.chart().accuracyPerLabel(e)));
      html.append(HtmlTable.render(lab.confusion(e), display)).append('\n');
      html.append(svg(lab.chart().confusion(e)));
    }
    return html.append("</body>\n</html>\n").toString();
  }

  private static void section(StringBuilder html, String title) {
    html.append("<h2>").append(esc(title)).append("</h2>\n");
  }

  private static String svg(Chart chart) {
    return "<figure>"
        + chart.svg().strip()
        + "<figcaption>"
        + esc(caption(chart))
        + "</figcaption></figure>\n";
  }

  /** What a chart's axes are, in words (the SVG draws its letters as shapes). */
  static String caption(Chart chart) {
    if (chart instanceof Chart.Line line) {
      return "Line: " + line.yLabel() + ", from 0, against " + line.xLabel() + ".";
    }
    if (chart instanceof Chart.Bar bar) {
      return "Bars: "
          + bar.valueLabel()
          + ", from 0 ("
          + Plural.of(bar.labels().size(), "bar")
          + ").";
    }
    Chart.Heatmap map = (Chart.Heatmap) chart;
    return "Rows: "
        + map.rowTitle()
        + "; columns: "
        + (map.columnTitle().isEmpty() ? "the table's numeric columns" : map.columnTitle())
        + "; each cell the count, shaded darker for more.";
  }

  private static String esc(String text) {
    return HtmlTable.escape(text);
  }
}
