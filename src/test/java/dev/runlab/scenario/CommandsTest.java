package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line in this JVM: rejections, states, pause/cancel, list, export. */
class CommandsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing id column   | ident,text,label\\nA,fall down,fall\\n           | id
          missing text column | id,body,label\\nA,fall down,fall\\n            | text
          duplicate id        | id,text,label\\nA,one,fall\\nB,two,fall\\nA,three,fall\\n | row 3
          empty id            | id,text,label\\nA,one,fall\\n,two,fall\\n     | row 2
          empty file          | ''                                            | empty
          """)
  void badDataExitsTwoNamingTheProblemAndWritesNothing(String what, String csv, String mentioned)
      throws Exception {
    Workspace ws = new Workspace(dir).rows(3).write();
    Files.writeString(ws.data, csv.equals("''") ? "" : csv.replace("\\n", "\n"));
    assertRejected(ws, ws.config, mentioned);
  }

  @Test
  void invalidUtf8ExitsTwoNamingTheRow() throws Exception {
    Workspace ws = new Workspace(dir).rows(3).write();
    byte[] head = "id,text,label\nA,ok,fall\nB,bad ".getBytes(StandardCharsets.UTF_8);
    byte[] tail = " text,fall\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xC3;
    all[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, all, head.length + 2, tail.length);
    Files.write(ws.data, all);
    assertRejected(ws, ws.config, "UTF-8");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown key         | 'run:\\n'                 | 'run:\\n  concurrencyy: 2\\n'      | concurrencyy
          wrong type          | 'concurrency: 4'          | 'concurrency: many'               | run.concurrency
          unknown placeholder | 'Classify: {text}'        | 'Classify: {text} {nope}'         | nope
          """)
  void badConfigExitsTwoNamingTheKeyAndWritesNothing(
      String what, String from, String to, String mentioned) throws Exception {
    Workspace ws = new Workspace(dir).rows(3).write();
    String yaml = Files.readString(ws.config);
    String changed = yaml.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertThat(changed).isNotEqualTo(yaml);
    Files.writeString(ws.config, changed);
    assertRejected(ws, ws.config, mentioned);
  }

  private static void assertRejected(Workspace ws, Path config, String mentioned) {
    ChildJvm.Result start = ws.inProcess("start", config.toString());
    assertThat(start.code()).as(start.toString()).isEqualTo(2);
    assertThat(start.err()).contains("runlab: error:").containsIgnoringCase(mentioned);
    assertThat(start.err()).doesNotContain("Exception", "\tat ");
    assertThat(ws.db).doesNotExist();
  }

  @Test
  void statesPauseCancelListAndExport() throws Exception {
    Workspace ws = new Workspace(dir).rows(60).write();
    ChildJvm.Result limited = ws.inProcess("start", ws.config.toString(), "--limit", "10");
    assertThat(limited.code()).as(limited.toString()).isZero();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isEqualTo(10);

    // without an id and without --yes there is no terminal to ask on
    ChildJvm.Result ask = ws.inProcess("resume");
    assertThat(ask.code()).as(ask.toString()).isEqualTo(2);
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");

    ChildJvm.Result pausePaused = ws.inProcess("pause", "1");
    assertThat(pausePaused.code()).as(pausePaused.toString()).isEqualTo(5);

    ChildJvm.Result unknown = ws.inProcess("resume", "99", "--yes");
    assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
    assertThat(unknown.err()).contains("99");

    ChildJvm.Result rest = ws.inProcess("resume", "--yes");
    assertThat(rest.code()).as(rest.toString()).isZero();
    assertThat(rest.out())
        .containsPattern(
            "\\[PROGRESS\\] 60/60 \\(100\\.0%\\) \\| Rate: (\\d+\\.\\d{2}/sec|-) \\| ETA: .+ \\| Elapsed: .+");
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");

    ChildJvm.Result again = ws.inProcess("resume", "1", "--yes");
    assertThat(again.code()).as(again.toString()).isEqualTo(5);
    assertThat(again.err()).contains("retry-errors");
    ChildJvm.Result nothing = ws.inProcess("resume", "--yes");
    assertThat(nothing.code()).as(nothing.toString()).isEqualTo(5);

    ChildJvm.Result second = ws.inProcess("start", ws.config.toString(), "--limit", "5");
    assertThat(second.code()).isZero();
    ChildJvm.Result cancel = ws.inProcess("cancel", "2");
    assertThat(cancel.code()).as(cancel.toString()).isZero();
    assertThat(Sql.status(ws.db, 2)).isEqualTo("cancelled");
    ChildJvm.Result resumeCancelled = ws.inProcess("resume", "2", "--yes");
    assertThat(resumeCancelled.code()).isEqualTo(5);
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results WHERE experiment_id = 2"))
        .isEqualTo(5);

    ChildJvm.Result list = ws.inProcess("list");
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("test-run", "completed", "cancelled");
    ChildJvm.Result status = ws.inProcess("status", "1");
    assertThat(status.code()).isZero();
    assertThat(status.out()).contains("60/60");

    Path csv = dir.resolve("out.csv");
    Path jsonl = dir.resolve("out.jsonl");
    assertThat(ws.inProcess("export", "1", "--format", "csv", "--out", csv.toString()).code())
        .isZero();
    assertThat(ws.inProcess("export", "1", "--format", "jsonl", "--out", jsonl.toString()).code())
        .isZero();
    List<String> csvLines = Files.readAllLines(csv);
    assertThat(csvLines).hasSize(61);
    assertThat(csvLines.get(0)).contains("narrative_id", "parsed_label");
    List<String> jsonLines = Files.readAllLines(jsonl);
    assertThat(jsonLines).hasSize(60).allMatch(l -> l.startsWith("{") && l.contains("N00"));
    ChildJvm.Result badFormat =
        ws.inProcess("export", "1", "--format", "xml", "--out", dir.resolve("x").toString());
    assertThat(badFormat.code()).isEqualTo(2);
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @ParameterizedTest(name = "{0} --help")
  @CsvSource({
    "demo",
    "start",
    "resume",
    "retry-errors",
    "list",
    "status",
    "errors",
    "pause",
    "cancel",
    "export",
    "bench"
  })
  void everyCommandHasHelp(String command) {
    ChildJvm.Result help = dev.runlab.testsupport.InProcess.runlab(command, "--help");
    assertThat(help.code()).as(help.toString()).isZero();
    assertThat(help.out()).contains("Usage:", "runlab " + command);
    if (!command.equals("bench")) { // a benchmark makes its own scratch database
      assertThat(help.out()).contains("--db");
    }
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void anUnknownExperimentIsOneClearErrorForEveryCommand() {
    Workspace ws = new Workspace(dir).rows(10).write();
    assertThat(ws.inProcess("start", ws.config.toString()).code()).isZero();
    for (String[] args :
        List.of(
            new String[] {"status", "42"},
            new String[] {"errors", "42"},
            new String[] {"pause", "42"},
            new String[] {"cancel", "42"},
            new String[] {"retry-errors", "42"},
            new String[] {
              "export", "42", "--format", "csv", "--out", dir.resolve("42.csv").toString()
            })) {
      ChildJvm.Result result = ws.inProcess(args);
      assertThat(result.code()).as(String.join(" ", args) + "\n" + result).isEqualTo(2);
      assertThat(result.err()).contains("42").doesNotContain("\tat ", "Exception");
    }
    assertThat(dir.resolve("42.csv")).doesNotExist();
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM experiments")).isEqualTo(1);
  }

  @Test
  void fakeLlmAndBench_refuseBadOptionsWithOneClearError() {
    for (String[] args :
        List.of(
            new String[] {"fake-llm", "--port", "0", "--limit-style", "azure"},
            new String[] {"fake-llm", "--port", "0", "--sporadic-429-rate", "1.5"},
            new String[] {"fake-llm", "--port", "0", "--burst-seconds", "90"},
            new String[] {"fake-llm", "--port", "0", "--tpm", "-1"},
            new String[] {"bench", "http", "--scenarios", "a,z"})) {
      ChildJvm.Result result = dev.runlab.testsupport.InProcess.runlab(args);
      assertThat(result.code()).as(String.join(" ", args) + "\n" + result).isEqualTo(2);
      assertThat(result.err()).doesNotContain("\tat ", "Exception");
    }
    assertThat(
            dev.runlab.testsupport.InProcess.runlab("fake-llm", "--port", "0", "--limit-style", "x")
                .err())
        .contains("--limit-style", "none, openai, anthropic");
  }
}
