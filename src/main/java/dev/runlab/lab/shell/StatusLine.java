package dev.runlab.lab.shell;

import dev.runlab.lab.Lab;
import dev.runlab.run.Run;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;

/**
 * The bottom line of the lab: the live progress of each run the lab drives, refreshed every second
 * by a host thread, hidden when none runs. Only on terminals that can keep a status line (JLine
 * {@link Status}); elsewhere it does nothing. Thread-safe.
 */
final class StatusLine implements AutoCloseable {
  private final Lab lab;
  private final Status status;
  private final ZoneId zone;
  private final ScheduledExecutorService timer;
  private List<AttributedString> shown = List.of();

  StatusLine(Terminal terminal, Lab lab) {
    this.lab = lab;
    this.zone = lab.environment().zone();
    Status s = null;
    try {
      s = Status.getStatus(terminal);
    } catch (RuntimeException e) {
      s = null; // a terminal without a status line
    }
    this.status = s;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "runlab-lab-status");
              t.setDaemon(true);
              return t;
            });
    if (status != null) {
      timer.scheduleWithFixedDelay(this::refresh, 0, 1, TimeUnit.SECONDS);
    }
  }

  /** The lines the status shows now: one per active run. */
  static List<String> lines(Lab lab, ZoneId zone) {
    return lab.activeRuns().stream().map(run -> line(run, zone)).toList();
  }

  private static String line(Run run, ZoneId zone) {
    var p = run.progress();
    var pacing = run.pacing();
    String limits = pacing.limits().isEmpty() ? "" : " | " + pacing.brief();
    return "experiment " + p.experimentId() + " " + p.line(zone) + limits;
  }

  private synchronized void refresh() {
    try {
      List<AttributedString> lines =
          lines(lab, zone).stream()
              .map(l -> new AttributedString(l, AttributedStyle.DEFAULT.inverse()))
              .toList();
      if (!lines.equals(shown)) {
        status.update(lines);
        shown = lines;
      }
    } catch (RuntimeException e) {
      // the database may be busy for a moment; the next refresh shows it
    }
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
    if (status != null && !shown.isEmpty()) {
      status.update(List.of());
    }
  }
}
