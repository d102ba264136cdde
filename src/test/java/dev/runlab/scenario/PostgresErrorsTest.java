package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import dev.runlab.testsupport.PgDatabase;
import dev.runlab.testsupport.Workspace;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong with {@code --db postgresql://...}, through the command line: each way of not
 * reaching runlab's tables is a usage error (exit 2) naming what failed and what to do, and creates
 * nothing; {@code join} needs a shared store (exit 2) and a running experiment (exit 5).
 */
class PostgresErrorsTest {
  private static PgDatabase pg;

  @TempDir Path dir;

  @BeforeAll
  static void createDatabase() {
    pg = PgDatabase.create("errors");
  }

  @AfterAll
  static void dropDatabase() {
    pg.close();
  }

  @Test
  void aUrlThatDoesNotParse_exits2NamingIt() {
    Workspace ws = new Workspace(dir).rows(3).write();
    String url = "postgresql://postgres@127.0.0.1:5432";
    for (String[] args : List.of(new String[] {"list"}, new String[] {"start", path(ws.config)})) {
      ChildJvm.Result result = InProcess.runlab(withDb(url, args));
      assertThat(result.code()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains("'" + url + "'", "the database name is missing")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aServerThatCannotBeReached_exits2NamingHostPortUserAndDatabase() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Workspace ws = new Workspace(dir).rows(3).write();
    String url = "postgresql://postgres@127.0.0.1:" + closedPort + "/" + pg.name;
    for (String[] args : List.of(new String[] {"list"}, new String[] {"start", path(ws.config)})) {
      ChildJvm.Result result = InProcess.runlab(withDb(url, args));
      assertThat(result.code()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains(
              "host 127.0.0.1, port " + closedPort + ", user postgres, database " + pg.name,
              "cannot be reached",
              "PostgreSQL is running")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aMissingDatabase_exits2SayingToCreateIt_andNoDatabaseIsCreated() {
    Workspace ws = new Workspace(dir).rows(3).write();
    String name = "rl_missing_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    String url = "postgresql://postgres@127.0.0.1:5432/" + name;
    for (String[] args :
        List.of(
            new String[] {"list"},
            new String[] {"status", "1"},
            new String[] {"start", path(ws.config)})) {
      ChildJvm.Result result = InProcess.runlab(withDb(url, args));
      assertThat(result.code()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .contains("database " + name + " does not exist", "createdb", name)
          .doesNotContain("\tat ");
      assertThat(PgDatabase.exists(name)).isFalse();
    }
  }

  @Test
  void aRoleThatDoesNotExist_isARefusedLogin_exit2() {
    String url = "postgresql://rl_no_such_role@127.0.0.1:5432/" + pg.name;
    ChildJvm.Result result = InProcess.runlab(withDb(url, "list"));
    assertThat(result.code()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains(
            "user rl_no_such_role",
            "refused the login",
            "rl_no_such_role",
            "PGPASSWORD",
            "~/.pgpass")
        .doesNotContain("\tat ");
  }

  @Test
  void everyCommandOnADatabaseWithoutRunlabTables_exits2_andCreatesNoTable() {
    Workspace ws = new Workspace(dir).rows(3).write();
    try (PgDatabase bare = PgDatabase.create("bare")) {
      for (String[] args :
          List.of(
              new String[] {"list"},
              new String[] {"status"},
              new String[] {"status", "1"},
              new String[] {"errors", "1"},
              new String[] {"export", "1", "--format", "csv", "--out", path(dir.resolve("o.csv"))},
              new String[] {"report", "1", "--out", path(dir.resolve("r.html"))},
              new String[] {"pause", "1"},
              new String[] {"cancel", "1"},
              new String[] {"retry-errors", "1"},
              new String[] {"resume", "1", "--yes"},
              new String[] {"resume", "--yes"},
              new String[] {"resume", "1", "--yes", "--config", path(ws.config)},
              new String[] {"join", "1"})) {
        ChildJvm.Result result = InProcess.runlab(withDb(bare.url(), args));
        String what = String.join(" ", args) + "\n" + result;
        assertThat(result.code()).as(what).isEqualTo(2);
        assertThat(result.err())
            .as(what)
            .contains(bare.name, "holds no runlab tables", "runlab start")
            .doesNotContain("\tat ");
        assertThat(bare.number("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
            .as(what)
            .isZero();
      }
    }
  }

  /** Naming an unknown id on PostgreSQL failed with exit 1: the message asked for a SQLite file. */
  @Test
  void anUnknownExperimentId_exits2NamingTheDatabase() {
    Workspace ws = new Workspace(dir).rows(5).onDatabase(pg.url()).write();
    ChildJvm.Result start = ws.inProcess("start", path(ws.config), "--limit", "1");
    assertThat(start.code()).as(start.toString()).isZero();
    for (String[] args :
        List.of(
            new String[] {"status", "9999"},
            new String[] {"errors", "9999"},
            new String[] {"pause", "9999"},
            new String[] {"cancel", "9999"},
            new String[] {"resume", "9999", "--yes"},
            new String[] {"join", "9999"})) {
      ChildJvm.Result result = ws.inProcess(args);
      String what = String.join(" ", args) + "\n" + result;
      assertThat(result.code()).as(what).isEqualTo(2);
      assertThat(result.err())
          .as(what)
          .contains("experiment 9999 does not exist in " + pg.url(), "runlab list")
          .doesNotContain("\tat ", "SQLite");
    }
  }

  @Test
  void joinOnASqliteDatabase_exits2NamingTheReason() {
    Workspace ws = new Workspace(dir).rows(20).write();
    ChildJvm.Result start = ws.inProcess("start", path(ws.config), "--limit", "5");
    assertThat(start.code()).as(start.toString()).isZero();

    ChildJvm.Result join = ws.inProcess("join", "1");

    assertThat(join.code()).as(join.toString()).isEqualTo(2);
    assertThat(join.err())
        .contains("shared PostgreSQL store", "SQLite", "runlab resume 1")
        .doesNotContain("\tat ");
  }

  @Test
  void joinOfAPausedOrCompletedExperiment_exits5() {
    Workspace paused = new Workspace(dir.resolve("paused")).rows(20);
    mkdirs(paused.dir);
    paused.onDatabase(pg.url()).write();
    ChildJvm.Result start = paused.inProcess("start", path(paused.config), "--limit", "5");
    assertThat(start.code()).as(start.toString()).isZero();
    long id = pg.number("SELECT max(experiment_id) FROM experiments");
    assertThat(status(id)).isEqualTo("paused");

    ChildJvm.Result join = paused.inProcess("join", Long.toString(id));

    assertThat(join.code()).as(join.toString()).isEqualTo(5);
    assertThat(join.err())
        .contains("experiment " + id + " is paused", "runlab resume " + id)
        .doesNotContain("\tat ");
    assertThat(status(id)).isEqualTo("paused");
    assertThat(pg.number("SELECT count(*) FROM workers WHERE experiment_id = ?", id)).isOne();

    ChildJvm.Result finish = paused.inProcess("resume", Long.toString(id), "--yes");
    assertThat(finish.code()).as(finish.toString()).isZero();
    ChildJvm.Result late = paused.inProcess("join", Long.toString(id));
    assertThat(late.code()).as(late.toString()).isEqualTo(5);
    assertThat(late.err()).contains("is completed").doesNotContain("runlab resume");
  }

  private String status(long id) {
    return (String)
        pg.rows("SELECT status FROM experiments WHERE experiment_id = ?", id).get(0).get("status");
  }

  private static void mkdirs(Path folder) {
    try {
      java.nio.file.Files.createDirectories(folder);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String path(Path file) {
    return file.toString();
  }

  private static String[] withDb(String url, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db");
    all.add(url);
    return all.toArray(String[]::new);
  }
}
