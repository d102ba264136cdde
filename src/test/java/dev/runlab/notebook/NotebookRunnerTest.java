package dev.runlab.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import dev.runlab.lab.Lab;
import dev.runlab.lab.LabFixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {
  @TempDir Path dir;
  Path db;

  @BeforeEach
  void setUp() throws Exception {
    db = LabFixtures.create(dir);
  }

  private Path notebook(String... sources) throws Exception {
    Notebook nb = Notebook.create();
    nb.append(Cell.markdown("intro", "# A test notebook"));
    for (int i = 0; i < sources.length; i++) {
      String source = sources[i];
      boolean parameters = source.startsWith("// parameters");
      nb.append(parameters ? Cell.code("c" + i, source, "parameters") : Cell.code("c" + i, source));
    }
    Path file = dir.resolve("nb.ipynb");
    nb.write(file);
    return file;
  }

  private NotebookRunner.Outcome run(Path input, Map<String, String> params) {
    try (Lab lab = LabFixtures.open(db)) {
      return NotebookRunner.on(lab).run(input, params, NotebookRunner.defaultOutput(input));
    }
  }

  private static JsonNode read(Path file) throws Exception {
    return Notebook.JSON.readTree(Files.readString(file));
  }

  @Test
  void run_writesEveryKindOfOutputAndValidatesAgainstTheSchema() throws Exception {
    Path input =
        notebook(
            "// parameters\nlong experiment_id = 2;",
            "System.out.println(\"hello \" + experiment_id);\nSystem.err.println(\"careful\");",
            "results(experiment_id)",
            "show(chart.accuracyPerLabel(experiment_id));\naccuracy(experiment_id).correct()",
            "int x = 3;");
    NotebookRunner.Outcome outcome = run(input, Map.of("experiment_id", "1"));
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(outcome.out()).isEqualTo(dir.resolve("nb.out.ipynb"));
    JsonNode nb = read(outcome.out());
    assertThat(NbSchema.violations(nb)).isEmpty();
    assertThat(nb.at("/metadata/kernelspec/name").asText()).isEqualTo("runlab");
    assertThat(nb.at("/metadata/kernelspec/display_name").asText()).isEqualTo("runlab (Java)");
    assertThat(nb.at("/metadata/language_info/name").asText()).isEqualTo("java");
    JsonNode cells = nb.get("cells");
    // intro, parameters, injected, print, results, chart, x
    assertThat(cells).hasSize(7);
    assertThat(cells.get(2).at("/metadata/tags/0").asText()).isEqualTo("injected-parameters");
    assertThat(Cell.text(cells.get(2).get("source"))).contains("var experiment_id = 1L;");
    assertThat(cells.get(1).get("execution_count").asInt()).isEqualTo(1);
    assertThat(cells.get(6).get("execution_count").asInt()).isEqualTo(6);
    JsonNode print = cells.get(3).get("outputs");
    assertThat(print.get(0).get("name").asText()).isEqualTo("stdout");
    // the injected parameter wins over the notebook's default
    // the lab's evaluator sends System.out and System.err of a cell to one stream
    assertThat(Cell.text(print.get(0).get("text"))).isEqualTo("hello 1\ncareful\n");
    JsonNode table = cells.get(4).at("/outputs/0");
    assertThat(table.get("output_type").asText()).isEqualTo("execute_result");
    assertThat(table.get("execution_count").asInt()).isEqualTo(4);
    assertThat(Cell.text(table.at("/data/text~1html"))).contains("<table").contains("N1");
    assertThat(Cell.text(table.at("/data/text~1plain"))).contains("│ N1");
    JsonNode chart = cells.get(5).get("outputs");
    assertThat(chart.get(0).get("output_type").asText()).isEqualTo("display_data");
    byte[] png = Base64.getDecoder().decode(chart.get(0).at("/data/image~1png").asText());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(Cell.text(chart.get(1).at("/data/text~1plain"))).isEqualTo("3");
    assertThat(cells.get(6).get("outputs")).isEmpty();
  }

  @Test
  void run_takesNotebooksOfTheOlderJavaKernelspecAndNamesTheRunlabKernel() throws Exception {
    Path input = notebook("1 + 1");
    Notebook old = Notebook.read(input);
    com.fasterxml.jackson.databind.node.ObjectNode spec =
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.json().get("metadata"))
            .putObject("kernelspec");
    spec.put("name", "java").put("display_name", "Java (runlab)").put("language", "java");
    old.write(input);
    assertThat(read(input).at("/metadata/kernelspec/name").asText()).isEqualTo("java");

    NotebookRunner.Outcome outcome = run(input, Map.of());

    assertThat(outcome.failure()).isNull();
    JsonNode nb = read(outcome.out());
    assertThat(nb.at("/metadata/kernelspec/name").asText()).isEqualTo("runlab");
    assertThat(Cell.text(nb.at("/cells/1/outputs/0/data/text~1plain"))).isEqualTo("2");
  }

  @Test
  void run_stopsAtTheFirstFailingCellSavesItsErrorAndRunsNothingAfter() throws Exception {
    Path input =
        notebook(
            "System.out.println(\"first\");",
            "Object o = null;\no.toString();",
            "System.out.println(\"never\");");
    NotebookRunner.Outcome outcome = run(input, Map.of());
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILURE);
    assertThat(outcome.failedCell()).isEqualTo(3);
    assertThat(outcome.executed()).isEqualTo(2);
    JsonNode nb = read(outcome.out());
    assertThat(NbSchema.violations(nb)).isEmpty();
    JsonNode error = nb.at("/cells/2/outputs/0");
    assertThat(error.get("output_type").asText()).isEqualTo("error");
    assertThat(error.get("ename").asText()).isEqualTo("NullPointerException");
    assertThat(error.get("traceback").get(0).asText())
        .startsWith("line 2: java.lang.NullPointerException");
    assertThat(nb.at("/cells/3/execution_count").isNull()).isTrue();
    assertThat(nb.at("/cells/3/outputs")).isEmpty();
  }

  @Test
  void run_compileErrorFailsTheCellWithTheCompilersMessage() throws Exception {
    Path input = notebook("int y = \"text\";", "System.out.println(\"never\");");
    NotebookRunner.Outcome outcome = run(input, Map.of());
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.FAILURE);
    JsonNode error = read(outcome.out()).at("/cells/1/outputs/0");
    assertThat(error.get("ename").asText()).isEqualTo("CompileError");
    assertThat(error.get("evalue").asText()).contains("incompatible types");
  }

  @Test
  void run_runlabErrorExitsWithItsOwnCode() throws Exception {
    Path input = notebook("experiment(99)");
    NotebookRunner.Outcome outcome = run(input, Map.of());
    // no such experiment: a usage error, exit 2 rather than 1
    assertThat(outcome.failure().message()).contains("99").contains("`experiments()`");
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(outcome.failure().traceback()).noneMatch(line -> line.contains("at dev.runlab"));
  }

  @Test
  void param_readsPassedValuesWithTypedDefaults() throws Exception {
    Path input =
        notebook(
            "param(\"a\", 1L) + param(\"b\", 10L)",
            "param(\"name\", \"none\") + \"/\" + param(\"ratio\", 0.5)");
    NotebookRunner.Outcome outcome = run(input, Map.of("a", "5", "name", "x y"));
    JsonNode nb = read(outcome.out());
    assertThat(Cell.text(nb.at("/cells/2/outputs/0/data/text~1plain"))).isEqualTo("15");
    assertThat(Cell.text(nb.at("/cells/3/outputs/0/data/text~1plain"))).isEqualTo("x y/0.5");
  }

  @Test
  void theOnePrintingRule_aCellShowsItsLastBareExpressionOrVariable() throws Exception {
    Path input =
        notebook("long k = 5;\nk", "k + 1;", "long m = 6", "k = 7", "accuracy(1).correct()");
    NotebookRunner.Outcome outcome = run(input, Map.of());

    assertThat(outcome.failure()).isNull();
    JsonNode cells = read(outcome.out()).get("cells");
    assertThat(Cell.text(cells.get(1).at("/outputs/0/data/text~1plain"))).isEqualTo("5");
    assertThat(cells.get(2).get("outputs")).as("ended with ;").isEmpty();
    assertThat(cells.get(3).get("outputs")).as("a declaration").isEmpty();
    assertThat(Cell.text(cells.get(4).at("/outputs/0/data/text~1plain"))).isEqualTo("7");
    assertThat(cells.get(5).at("/outputs/0/output_type").asText()).isEqualTo("execute_result");
  }

  @Test
  void anUnknownParameter_isRefusedWithTheClosestName_beforeAnythingRuns() throws Exception {
    Path input =
        notebook(
            "// parameters\nlong experiment_id = param(\"experiment_id\", () -> currentId());\n"
                + "int samples = 3;",
            "System.out.println(\"ran\");",
            "param(\"extra\", 1L)");

    assertThatThrownBy(() -> run(input, Map.of("experimentid", "1")))
        .isInstanceOf(RunlabException.class)
        .hasMessage(
            "notebook "
                + input
                + " has no parameter experimentid (did you mean experiment_id?); it takes"
                + " experiment_id, samples, extra")
        .satisfies(e -> assertThat(((RunlabException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    assertThat(dir.resolve("nb.out.ipynb")).doesNotExist();
    assertThat(run(input, Map.of("samples", "2", "extra", "5")).failure()).isNull();

    Path none = notebook("1 + 1");
    assertThatThrownBy(() -> run(none, Map.of("id", "1")))
        .hasMessageContaining("takes no parameters")
        .hasMessageContaining("leave out -p id=1");
  }

  @Test
  void read_upgradesAn44NotebookAddingCellIdsAndKeepsUnknownFields() throws Exception {
    Path input = dir.resolve("old.ipynb");
    Files.writeString(
        input,
        """
        {"nbformat": 4, "nbformat_minor": 4,
         "metadata": {"custom": {"keep": true}},
         "cells": [
           {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "execution_count": 7,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["stale\\n"]}],
            "source": ["long n = 1;\\n", "n"]},
           {"cell_type": "markdown", "metadata": {}, "source": "text",
            "attachments": {"a.png": {"image/png": "AAAA"}}}
         ]}
        """);
    NotebookRunner.Outcome outcome = run(input, Map.of("n", "41"));
    JsonNode nb = read(outcome.out());
    assertThat(NbSchema.violations(nb)).isEmpty();
    assertThat(nb.get("nbformat_minor").asInt()).isEqualTo(5);
    assertThat(nb.at("/metadata/custom/keep").asBoolean()).isTrue();
    assertThat(nb.at("/cells/2/attachments/a.png/image~1png").asText()).isEqualTo("AAAA");
    assertThat(nb.at("/cells/0/id").asText()).matches("[a-zA-Z0-9-_]{1,64}");
    assertThat(nb.at("/cells/0/outputs/0/data/text~1plain/0").asText()).isEqualTo("1");
    assertThat(Cell.text(nb.at("/cells/1/source"))).contains("var n = 41L;");
  }

  @Test
  void badParameters_areRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> Parameters.parse(List.of("experiment_id")))
        .isInstanceOf(RunlabException.class)
        .hasMessageContaining("is not key=value");
    assertThatThrownBy(() -> Parameters.parse(List.of("class=3")))
        .hasMessageContaining("not a Java variable name");
    assertThat(Parameters.literal("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(Parameters.literal("-3")).isEqualTo("-3L");
    assertThat(Parameters.literal("2.5")).isEqualTo("2.5");
  }

  @Test
  void notAnotebook_isADataFormatErrorNamingTheFile() throws Exception {
    Path input = dir.resolve("bad.ipynb");
    Files.writeString(input, "{\"cells\": 3}");
    assertThatThrownBy(() -> run(input, Map.of()))
        .isInstanceOf(RunlabException.class)
        .hasMessageContaining("bad.ipynb is not a notebook");
    assertThat(dir.resolve("bad.out.ipynb")).doesNotExist();
  }
}
