package dev.runlab.notebook;

import dev.runlab.chart.Chart;
import dev.runlab.lab.Comparison;
import dev.runlab.lab.Display;
import dev.runlab.lab.ErrorReport;
import dev.runlab.lab.HtmlTable;
import dev.runlab.lab.TextTable;
import dev.runlab.lab.shell.LabSyntax;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * How a value shows in a notebook: every value as {@code text/plain} (its lab rendering); tables,
 * error reports and comparisons also as {@code text/html}; charts as {@code image/png} (base64);
 * the HTML report draws charts as SVG instead. The one rule for notebooks and the Jupyter kernel.
 * Thread-safe.
 */
public final class MimeRenderer {
  private final Display display;

  public MimeRenderer(Display display) {
    this.display = display;
  }

  /** The MIME bundle of {@code value}: type to text ({@code image/png} as base64). */
  public Map<String, String> render(Object value) {
    Map<String, String> data = new LinkedHashMap<>();
    if (value instanceof Table table) {
      data.put("text/plain", TextTable.render(table, display));
      data.put("text/html", HtmlTable.render(table, display));
    } else if (value instanceof Chart chart) {
      data.put("text/plain", chart.text(display.width()));
      // PNG only: every notebook viewer shows it, and it is a tenth of the SVG's size
      data.put("image/png", Base64.getEncoder().encodeToString(chart.png()));
    } else if (value instanceof ErrorReport report) {
      Table table = report.byCategory();
      data.put("text/plain", report.toString());
      if (table.rowCount() > 0) {
        data.put("text/html", HtmlTable.render(table, display));
      }
    } else if (value instanceof Comparison c) {
      data.put("text/plain", c.toString(display));
      data.put(
          "text/html",
          HtmlTable.render(c.summary(), display)
              + "\n<p>"
              + HtmlTable.escape(
                  c.toString(display)
                      .lines()
                      .filter(l -> l.startsWith("agreement"))
                      .findFirst()
                      .orElse(""))
              + "</p>\n"
              + HtmlTable.render(c.differences(), display));
    } else {
      // runlab's own values (a summary, a report) name next steps as the session's calls
      String text = String.valueOf(value);
      data.put(
          "text/plain",
          value != null && value.getClass().getName().startsWith("dev.runlab.")
              ? LabSyntax.of(text)
              : text);
    }
    return data;
  }
}
