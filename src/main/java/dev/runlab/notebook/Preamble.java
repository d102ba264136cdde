package dev.runlab.notebook;

/**
 * The code a notebook session starts with: the imports and names of the lab ({@code lab}, {@code
 * chart}, {@code display}, {@code experiments()}, {@code errors(id)} ...), {@code show(value)} and
 * {@code param(key, default)}.
 */
final class Preamble {
  private Preamble() {}

  static String source(String session) {
    String bridge = "dev.runlab.notebook.SessionBridge";
    return """
        import dev.runlab.lab.*;
        import dev.runlab.chart.*;
        import tech.tablesaw.api.*;
        import java.util.*;
        import java.nio.file.*;
        import java.time.*;
        Lab lab = (Lab) BRIDGE.object("SESSION", "lab");
        Charts chart = lab.chart();
        Display display = lab.display();
        void show(Object value) { BRIDGE.show("SESSION", value); }
        String param(String key, String fallback) {
          String v = BRIDGE.param("SESSION", key); return v == null ? fallback : v; }
        long param(String key, long fallback) {
          String v = BRIDGE.param("SESSION", key); return v == null ? fallback : Long.parseLong(v.strip()); }
        int param(String key, int fallback) {
          String v = BRIDGE.param("SESSION", key); return v == null ? fallback : Integer.parseInt(v.strip()); }
        double param(String key, double fallback) {
          String v = BRIDGE.param("SESSION", key); return v == null ? fallback : Double.parseDouble(v.strip()); }
        boolean param(String key, boolean fallback) {
          String v = BRIDGE.param("SESSION", key); return v == null ? fallback : Boolean.parseBoolean(v.strip()); }
        Table experiments() { return lab.experiments(); }
        Experiment experiment(long id) { return lab.experiment(id); }
        Experiment use(long id) { return lab.use(id); }
        long currentId() { return lab.currentId(); }
        long previousId(long id) { return lab.previousId(id); }
        dev.runlab.run.ProgressSnapshot progress() { return lab.progress(); }
        dev.runlab.run.ProgressSnapshot progress(long id) { return lab.progress(id); }
        ErrorReport errors() { return lab.errors(); }
        ErrorReport errors(long id) { return lab.errors(id); }
        Evaluation.Accuracy accuracy(long id) { return lab.accuracy(id); }
        Table confusion(long id) { return lab.confusion(id); }
        Table labelScores(long id) { return lab.labelScores(id); }
        Comparison compare(long a, long b) { return lab.compare(a, b); }
        Table results(long id) { return lab.results(id); }
        Table narratives(long id) { return lab.narratives(id); }
        Table throughput(long id) { return lab.throughput(id); }
        Table sql(String query) { return lab.sql(query); }
        Experiment start(String config) { return lab.start(config); }
        Experiment resume(long id) { return lab.resume(id); }
        Experiment pause(long id) { return lab.pause(id); }
        Experiment cancel(long id) { return lab.cancel(id); }
        Experiment await(long id) { return lab.await(id); }
        """
        .replace("BRIDGE", bridge)
        .replace("SESSION", session);
  }
}
