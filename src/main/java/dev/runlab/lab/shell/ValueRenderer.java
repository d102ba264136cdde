package dev.runlab.lab.shell;

import dev.runlab.chart.Chart;
import dev.runlab.lab.Comparison;
import dev.runlab.lab.Display;
import dev.runlab.lab.TextTable;
import tech.tablesaw.api.Table;

/**
 * The text of a snippet's value: tables boxed and charts drawn within the session's display limits,
 * runlab's own values by their {@code toString} (summaries, reports, help), anything else like
 * jshell ({@code x ==> 42}, strings quoted).
 */
final class ValueRenderer {
  private ValueRenderer() {}

  /**
   * @param name the variable (a {@code $n} one for a bare expression)
   */
  static String render(String name, Object value, Display display) {
    String rich = rich(value, display);
    if (rich == null) {
      return name + " ==> " + LiveExecution.jshellText(value);
    }
    if (name.startsWith("$")) {
      return rich;
    }
    return rich.contains("\n") ? name + " ==>\n" + rich : name + " ==> " + rich;
  }

  /** The text of a value that shows itself; null for values shown like jshell does. */
  private static String rich(Object value, Display display) {
    if (value instanceof Table table) {
      return TextTable.render(table, display);
    }
    if (value instanceof Comparison comparison) {
      return comparison.toString(display);
    }
    if (value instanceof Chart chart) {
      return chart.text(display.width());
    }
    if (value instanceof SessionHelp help) {
      return help.text(display.width());
    }
    if (value != null && value.getClass().getName().startsWith("dev.runlab.")) {
      return String.valueOf(value);
    }
    return null;
  }
}
