package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.cli.Main;
import dev.runlab.run.RunEnvironment;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import dev.runlab.testsupport.Workspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistyped {@code --db} never creates a database: every command that reads one, and the lab's
 * functions, exit 2 naming the path and what creates one, and leave the folder as it was. Only
 * {@code start} and {@code demo} create a database.
 */
class MissingDatabaseTest {
  @TempDir Path dir;

  @Test
  void everyCommandOnAMissingDatabase_exits2_andWritesNothing() throws IOException {
    Workspace ws = new Workspace(dir).rows(3).write();
    Path typo = dir.resolve("runlab.bd");
    Path book = dir.resolve("book.jsh");
    Workspace.writeString(book, "experiments()\n");
    List<String> before = listing();
    for (String[] args :
        List.of(
            new String[] {"list"},
            new String[] {"status"},
            new String[] {"status", "1"},
            new String[] {"errors", "1"},
            new String[] {"export", "1", "--format", "csv", "--out", path("out.csv")},
            new String[] {"report", "1", "--out", path("report.html")},
            new String[] {"pause", "1"},
            new String[] {"cancel", "1"},
            new String[] {"retry-errors", "1"},
            new String[] {"resume", "1"},
            new String[] {"resume", "--yes"},
            new String[] {"resume", "1", "--config", ws.config.toString()},
            new String[] {"run", book.toString()},
            new String[] {
              "notebook", "run", "notebooks/progress-report.ipynb", "--out", path("nb.ipynb")
            })) {
      ChildJvm.Result result = InProcess.runlab(withDb(typo, args));
      String what = String.join(" ", args) + "\n" + result;
      assertThat(result.code()).as(what).isEqualTo(2);
      assertThat(result.err())
          .as(what)
          .contains("no database at " + typo)
          .contains("runlab start")
          .contains("runlab demo")
          .doesNotContain("\tat ");
      assertThat(listing()).as(what).isEqualTo(before);
    }
  }

  @Test
  void aMissingFolder_isNotCreatedEither() {
    Path typo = dir.resolve("nosuch").resolve("runlab.db");
    ChildJvm.Result list = InProcess.runlab("list", "--db", typo.toString());
    assertThat(list.code()).isEqualTo(2);
    assertThat(list.err()).contains("no database at " + typo);
    assertThat(dir.resolve("nosuch")).doesNotExist();
  }

  @Test
  void theLabReadingStandardInput_exits2_andWritesNothing() throws IOException {
    Path typo = dir.resolve("typo.db");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"--db", typo.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream("experiments()\n".getBytes(StandardCharsets.UTF_8)),
            false,
            RunEnvironment.system());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no database at " + typo);
    assertThat(listing()).isEmpty();
  }

  @Test
  void startCreatesTheDatabase() {
    Workspace ws = new Workspace(dir).rows(3).write();
    ChildJvm.Result start = ws.inProcess("start", ws.config.toString());
    assertThat(start.code()).as(start.toString()).isZero();
    assertThat(ws.db).exists();
    assertThat(ws.inProcess("list").code()).isZero();
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private static String[] withDb(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(db.toString());
    return all.toArray(String[]::new);
  }

  /** Every file and folder under the test folder (child JVM logs aside). */
  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> !p.equals(dir))
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
