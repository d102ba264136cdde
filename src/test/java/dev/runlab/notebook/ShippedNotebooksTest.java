package dev.runlab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.cli.Main;
import dev.runlab.run.RunEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebooks of {@code notebooks/}, run with {@code runlab notebook run} on a demo-like db. */
class ShippedNotebooksTest {
  @TempDir static Path dir;
  static Path db;

  @BeforeAll
  static void setUp() throws Exception {
    db = DemoLikeDatabase.create(dir);
  }

  record Result(int code, String out, String err) {}

  private static Result runlab(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]),
            false,
            RunEnvironment.system());
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode runNotebook(String name, String... params) throws Exception {
    Path input = Path.of("notebooks", name + ".ipynb");
    Path out = dir.resolve(name + ".out.ipynb");
    List<String> args =
        new ArrayList<>(
            List.of(
                "notebook",
                "run",
                input.toString(),
                "--db",
                db.toString(),
                "--out",
                out.toString()));
    for (String p : params) {
      args.add("-p");
      args.add(p);
    }
    Result r = runlab(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out);
    JsonNode nb = Notebook.JSON.readTree(Files.readString(out));
    assertThat(NbSchema.violations(nb)).isEmpty();
    for (JsonNode cell : nb.get("cells")) {
      if (cell.get("cell_type").asText().equals("code")) {
        assertThat(cell.get("execution_count").isInt()).as(cell.get("source").toString()).isTrue();
        for (JsonNode output : cell.get("outputs")) {
          assertThat(output.get("output_type").asText()).isNotEqualTo("error");
        }
      }
    }
    return nb;
  }

  private static String allText(JsonNode nb) {
    StringBuilder text = new StringBuilder();
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        text.append(Cell.text(output.path("data").path("text/plain")));
        text.append(Cell.text(output.path("text")));
        text.append('\n');
      }
    }
    return text.toString();
  }

  private static long pngs(JsonNode nb) {
    long n = 0;
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        n += output.path("data").has("image/png") ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void progressReport_defaultsToTheNewestExperiment() throws Exception {
    JsonNode nb = runNotebook("progress-report");
    String text = allText(nb);
    assertThat(text).contains("experiment 2 \"second\"").contains("[PROGRESS] 120/120");
    assertThat(text).contains("throughput of experiment 2").contains("accuracy ");
    assertThat(pngs(nb)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void progressReport_usesTheInjectedExperimentId() throws Exception {
    JsonNode nb = runNotebook("progress-report", "experiment_id=1");
    JsonNode injected = nb.get("cells").get(2);
    assertThat(injected.at("/metadata/tags/0").asText()).isEqualTo("injected-parameters");
    assertThat(Cell.text(injected.get("source"))).contains("var experiment_id = 1L;");
    assertThat(allText(nb)).contains("experiment 1 \"first\"").doesNotContain("\"second\"");
  }

  @Test
  void errorAnalysis_showsCategoriesSamplesAndRetries() throws Exception {
    JsonNode nb = runNotebook("error-analysis", "experiment_id=1");
    String text = allText(nb);
    assertThat(text).contains("category").contains("attempts").contains("recovered_by_a_retry");
  }

  @Test
  void compareModels_comparesTheNewestWithTheOneBefore() throws Exception {
    JsonNode nb = runNotebook("compare-models");
    String text = allText(nb);
    assertThat(text).contains("experiment 1").contains("experiment 2").contains("agreement ");
    assertThat(text).contains("precision").contains("answer_1").contains("answer_2");
    assertThat(pngs(nb)).isEqualTo(4);
  }

  @Test
  void failingCell_exitsOneWithTheErrorSavedAndLaterCellsNotRun() throws Exception {
    Path input = dir.resolve("fails.ipynb");
    Notebook nb = Notebook.create();
    nb.append(Cell.code("a", "int n = 1;"));
    nb.append(Cell.code("b", "throw new IllegalStateException(\"broken on purpose\");"));
    nb.append(Cell.code("c", "System.out.println(\"after\");"));
    nb.write(input);
    Result r = runlab("notebook", "run", input.toString(), "--db", db.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("cell 2 of " + input + " failed: IllegalStateException: broken on purpose");
    JsonNode out = Notebook.JSON.readTree(Files.readString(dir.resolve("fails.out.ipynb")));
    assertThat(NbSchema.violations(out)).isEmpty();
    assertThat(out.at("/cells/1/outputs/0/output_type").asText()).isEqualTo("error");
    assertThat(out.at("/cells/1/outputs/0/evalue").asText()).isEqualTo("broken on purpose");
    assertThat(out.at("/cells/2/outputs")).isEmpty();
    assertThat(out.at("/cells/2/execution_count").isNull()).isTrue();
  }

  @Test
  void badParameter_exitsTwoAndWritesNothing() {
    Result r =
        runlab(
            "notebook",
            "run",
            "notebooks/progress-report.ipynb",
            "--db",
            db.toString(),
            "--out",
            dir.resolve("never.ipynb").toString(),
            "-p",
            "experiment_id");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not key=value");
    assertThat(dir.resolve("never.ipynb")).doesNotExist();
  }

  @Test
  void report_isOneSelfContainedHtmlFileWithTablesAndInlineSvg() throws Exception {
    Path html = dir.resolve("report.html");
    Result r = runlab("report", "1", "--db", db.toString(), "--out", html.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String page = Files.readString(html);
    assertThat(page).contains("<table").contains("<svg").contains("Experiment 1: first");
    assertThat(page).contains("accuracy ").contains("confusion of experiment 1");
    assertThat(page).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("<link");
    // well-formed XML: every tag closed, text escaped
    javax.xml.parsers.DocumentBuilderFactory f =
        javax.xml.parsers.DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    org.w3c.dom.Document doc =
        f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(page)));
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength())
        .isGreaterThanOrEqualTo(3);
  }
}
