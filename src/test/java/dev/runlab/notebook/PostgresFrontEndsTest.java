package dev.runlab.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.cli.Main;
import dev.runlab.run.RunEnvironment;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.PgDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The front ends on a shared PostgreSQL store: every shipped notebook and runbook, the lab reading
 * a script, and the report, against two real experiments there (the SQL they ship runs on both
 * stores).
 */
class PostgresFrontEndsTest {
  @TempDir static Path dir;
  static PgDatabase pg;

  @BeforeAll
  static void setUp() throws Exception {
    pg = PgDatabase.create("frontends");
    DemoLikeDatabase.create(dir, DbLocation.parse(pg.url(), null));
  }

  @AfterAll
  static void tearDown() {
    pg.close();
  }

  record Result(int code, String out, String err) {}

  private static Result runlab(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            false,
            RunEnvironment.system());
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"progress-report", "error-analysis", "compare-models"})
  void everyShippedNotebook_runsWithoutAnErrorCell(String name) throws Exception {
    Path out = dir.resolve(name + ".out.ipynb");
    Result r =
        runlab(
            "",
            "notebook",
            "run",
            Path.of("notebooks", name + ".ipynb").toString(),
            "--db",
            pg.url(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode nb = Notebook.JSON.readTree(Files.readString(out));
    for (JsonNode cell : nb.get("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        assertThat(output.get("output_type").asText()).as(cell.toString()).isNotEqualTo("error");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"error-analysis", "compare", "monitor"})
  void everyRunbookThatReads_runs(String name) {
    Result r =
        runlab("", "run", Path.of("repl-scripts", name + ".jsh").toString(), "--db", pg.url());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).doesNotContain("SQL error", "Exception");
  }

  @Test
  void theLab_readsAScript_andNamesTheStore() {
    Result r = runlab("experiments()\nerrors(1).byCategory()\ndatabase()\n", "--db", pg.url());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("│ first ", "│ second ", pg.url());
  }

  @Test
  void theReport_isWritten() {
    Path html = dir.resolve("report.html");
    Result r = runlab("", "report", "1", "--db", pg.url(), "--out", html.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(html).exists();
  }
}
