package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kernel whose parent process dies pauses the runs it drives and exits by itself. */
class KernelParentDeathTest {
  @TempDir Path dir;

  @Test
  void whenTheProcessThatStartedItEndsTheKernelPausesItsRunAndExits() throws Exception {
    Workspace ws =
        new Workspace(Files.createDirectories(dir.resolve("ws")))
            .rows(3000)
            .latencyMs(20)
            .concurrency(2)
            .write();
    JupyterTools jupyter = JupyterTools.install(dir.resolve("jupyter"), ws.db);

    JsonNode report = jupyter.report(Duration.ofMinutes(3), "parent_death.py", ws.config);

    assertThat(report.get("start_status").asText()).isEqualTo("ok");
    assertThat(report.get("kernel_alive").asBoolean()).as(report.toString()).isFalse();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("paused");
  }
}
