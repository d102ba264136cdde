package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.notebook.DemoLikeDatabase;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel as Jupyter's own client ({@code jupyter_client}) sees it: one kernel process driven by
 * {@code src/test/python/kernel_session.py} through every request, its answers asserted here.
 */
class KernelProtocolTest {
  @TempDir static Path dir;
  static Path db;
  static JsonNode report;

  @BeforeAll
  static void driveAKernel() throws Exception {
    db = DemoLikeDatabase.create(dir);
    Path slow = Files.createDirectories(dir.resolve("slow"));
    Workspace ws = new Workspace(slow).rows(3000).latencyMs(20).concurrency(2).write();
    JupyterTools jupyter = JupyterTools.install(dir.resolve("jupyter"), db);
    report = jupyter.report(Duration.ofMinutes(4), "kernel_session.py", ws.config);
  }

  private static JsonNode cell(int i) {
    return report.get("cells").get(i);
  }

  private static List<String> types(JsonNode cell) {
    List<String> types = new ArrayList<>();
    cell.get("outputs").forEach(o -> types.add(o.get("msg_type").asText()));
    return types;
  }

  private static JsonNode output(JsonNode cell, String type) {
    for (JsonNode o : cell.get("outputs")) {
      if (o.get("msg_type").asText().equals(type)) {
        return o.get("content");
      }
    }
    throw new AssertionError("no " + type + " in " + cell);
  }

  @Test
  void kernelInfo_namesRunlabJavaAndProtocolFive() {
    JsonNode info = report.get("kernel_info");
    assertThat(info.get("status").asText()).isEqualTo("ok");
    assertThat(info.get("implementation").asText()).isEqualTo("runlab");
    assertThat(info.get("protocol_version").asText()).startsWith("5.");
    assertThat(info.at("/language_info/name").asText()).isEqualTo("java");
    assertThat(info.get("banner").asText()).contains(db.toString());
  }

  @Test
  void execute_valuesCountsAndStreams() {
    assertThat(types(cell(0))).containsExactly("execute_input");
    JsonNode value = output(cell(1), "execute_result");
    assertThat(value.at("/data/text~1plain").asText()).isEqualTo("42");
    assertThat(value.get("execution_count").asInt()).isEqualTo(2);
    assertThat(cell(1).at("/reply/execution_count").asInt()).isEqualTo(2);
    assertThat(types(cell(2))).containsExactly("execute_input", "stream", "stream");
    assertThat(cell(2).get("outputs").get(1).at("/content/name").asText()).isEqualTo("stdout");
    assertThat(cell(2).get("outputs").get(1).at("/content/text").asText()).isEqualTo("to out\n");
    assertThat(cell(2).get("outputs").get(2).at("/content/name").asText()).isEqualTo("stderr");
  }

  @Test
  void execute_tablesAsHtmlAndChartsAsPngDisplayData() {
    JsonNode table = output(cell(3), "execute_result");
    assertThat(table.at("/data/text~1html").asText()).contains("<table").contains("second");
    assertThat(table.at("/data/text~1plain").asText()).contains("│");
    assertThat(types(cell(4))).containsExactly("execute_input", "display_data", "execute_result");
    String png = output(cell(4), "display_data").at("/data/image~1png").asText();
    assertThat(Base64.getDecoder().decode(png)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void execute_exceptionsAndCompileErrorsAreErrorsWithTraceback() {
    JsonNode thrown = output(cell(5), "error");
    assertThat(thrown.get("ename").asText()).isEqualTo("IllegalStateException");
    assertThat(thrown.get("evalue").asText()).isEqualTo("broken on purpose");
    assertThat(thrown.get("traceback").toString()).contains("broken on purpose");
    assertThat(cell(5).at("/reply/status").asText()).isEqualTo("error");
    assertThat(cell(5).at("/reply/ename").asText()).isEqualTo("IllegalStateException");
    JsonNode compile = output(cell(6), "error");
    assertThat(compile.get("ename").asText()).isEqualTo("CompileError");
    assertThat(compile.get("traceback").toString()).contains("variable undefinedName");
  }

  @Test
  void complete_givesTheLabsCompletionsInCodePoints() {
    JsonNode complete = report.get("complete");
    assertThat(complete.get("status").asText()).isEqualTo("ok");
    assertThat(complete.get("matches").toString()).contains("experiments()");
    assertThat(complete.get("cursor_start").asInt()).isZero();
    assertThat(complete.get("cursor_end").asInt()).isEqualTo(7);
    JsonNode astral = report.get("complete_astral");
    // 'String s = "😀"; experim' is 23 code points; the word starts at 16
    assertThat(astral.get("cursor_start").asInt()).isEqualTo(16);
    assertThat(astral.get("cursor_end").asInt()).isEqualTo(23);
    assertThat(astral.get("matches").toString()).contains("experiments()");
  }

  @Test
  void isCompleteInspectHistoryAndCommInfo() {
    assertThat(report.at("/is_complete_open/status").asText()).isEqualTo("incomplete");
    assertThat(report.at("/is_complete_done/status").asText()).isEqualTo("complete");
    assertThat(report.at("/inspect/found").asBoolean()).isTrue();
    assertThat(report.at("/inspect/data/text~1plain").asText()).contains("byCategory");
    assertThat(report.at("/inspect_unknown/found").asBoolean()).isFalse();
    JsonNode history = report.at("/history/history");
    assertThat(history.size()).isEqualTo(7);
    assertThat(history.get(1).get(1).asInt()).isEqualTo(2);
    assertThat(history.get(1).get(2).asText()).isEqualTo("x + 1");
    assertThat(report.at("/history/status").asText()).isEqualTo("ok");
    assertThat(report.at("/comm_info/comms").size()).isZero();
  }

  @Test
  void interrupt_stopsThreadSleepAndTheKernelAnswersTheNextCell() {
    JsonNode interrupted = report.at("/interrupt/reply");
    assertThat(interrupted.get("status").asText()).isEqualTo("error");
    assertThat(interrupted.get("ename").asText()).isEqualTo("InterruptedException");
    JsonNode after = report.get("after_interrupt");
    assertThat(after.at("/reply/status").asText()).isEqualTo("ok");
    assertThat(output(after, "execute_result").at("/data/text~1plain").asText())
        .isEqualTo("still answering");
  }

  @Test
  void aCellQueuedBehindAFailingOneIsAbortedAndTheNextOneRuns() {
    assertThat(report.at("/stop_on_error/failing/status").asText()).isEqualTo("error");
    assertThat(report.at("/stop_on_error/queued/status").asText()).isEqualTo("aborted");
    JsonNode after = report.at("/stop_on_error/after");
    assertThat(after.at("/reply/status").asText()).isEqualTo("ok");
    assertThat(output(after, "execute_result").at("/data/text~1plain").asText())
        .isEqualTo("runs again");
  }

  @Test
  void aRunStartedFromACellProgressesBetweenCellsAndShutdownPausesIt() {
    JsonNode background = report.get("background");
    long id = background.get("experiment_id").asLong();
    assertThat(id).isEqualTo(3);
    List<Long> seen = new ArrayList<>();
    background.get("completed_seen").forEach(n -> seen.add(n.asLong()));
    assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
    assertThat(seen.get(seen.size() - 1)).isGreaterThan(seen.get(0));

    assertThat(report.get("alive_after_shutdown").asBoolean()).isFalse();
    assertThat(Sql.status(db, id)).isEqualTo("paused");
    assertThat(
            Sql.number(
                db, "SELECT n_narratives_completed FROM experiments WHERE experiment_id = ?", id))
        .isLessThan(3000);
  }
}
