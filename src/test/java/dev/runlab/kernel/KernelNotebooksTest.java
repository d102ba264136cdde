package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.notebook.DemoLikeDatabase;
import dev.runlab.notebook.NbSchema;
import dev.runlab.testsupport.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in {@code notebooks/} executed through the kernel by nbclient (what {@code jupyter
 * nbconvert --execute} uses) and validated by nbformat, then checked here: no errors, tables as
 * HTML, charts as PNG.
 */
class KernelNotebooksTest {
  @TempDir Path dir;

  @Test
  void everyShippedNotebookRunsThroughTheKernelWithTablesAsHtmlAndChartsAsPng() throws Exception {
    Path db = DemoLikeDatabase.create(dir);
    JupyterTools jupyter = JupyterTools.install(dir.resolve("jupyter"), db);
    Path out = Files.createDirectories(dir.resolve("executed"));
    List<String> notebooks = shipped();
    assertThat(notebooks).hasSize(3);
    String[] args =
        Stream.concat(Stream.of("--out-dir", out.toString()), notebooks.stream())
            .toArray(String[]::new);

    ChildJvm.Result r = jupyter.python(Duration.ofMinutes(5), "execute_notebooks.py", args);

    assertThat(r.code()).as(r.toString()).isZero();
    for (String notebook : notebooks) {
      JsonNode nb =
          new ObjectMapper().readTree(out.resolve(Path.of(notebook).getFileName()).toFile());
      assertThat(NbSchema.violations(nb)).as(notebook).isEmpty();
      assertThat(nb.at("/metadata/kernelspec/name").asText()).isEqualTo("runlab");
      int html = 0;
      int png = 0;
      for (JsonNode cell : nb.get("cells")) {
        if (!cell.get("cell_type").asText().equals("code")) {
          continue;
        }
        assertThat(cell.get("execution_count").isInt()).as(notebook + ": " + cell).isTrue();
        for (JsonNode output : cell.get("outputs")) {
          assertThat(output.get("output_type").asText()).as(notebook).isNotEqualTo("error");
          html += output.path("data").has("text/html") ? 1 : 0;
          png += output.path("data").has("image/png") ? 1 : 0;
        }
      }
      assertThat(html).as(notebook + " tables as HTML").isGreaterThanOrEqualTo(2);
      assertThat(png).as(notebook + " charts as PNG").isGreaterThanOrEqualTo(1);
    }
  }

  private static List<String> shipped() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
      return files
          .filter(f -> f.toString().endsWith(".ipynb") && !f.toString().endsWith(".out.ipynb"))
          .map(Path::toString)
          .sorted()
          .toList();
    }
  }
}
