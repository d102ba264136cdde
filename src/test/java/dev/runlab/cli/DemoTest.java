package dev.runlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runlab demo} in a child JVM with a temporary runlab home holding the real demo config and
 * the first 300 narratives of the real demo data (the whole set takes longer than a test should).
 */
class DemoTest {
  @TempDir Path home;

  @Test
  void demoRunsToCompletionAndEndsWithASummaryAndNextCommands() throws Exception {
    Path project = Path.of(System.getProperty("user.dir"));
    Path demo = Files.createDirectories(home.resolve("data/demo"));
    Files.copy(project.resolve("data/demo/experiment.yaml"), demo.resolve("experiment.yaml"));
    List<String> lines = Files.readAllLines(project.resolve("data/demo/narratives.csv"));
    assertThat(lines.size()).isGreaterThan(2000);
    Files.write(demo.resolve("narratives.csv"), lines.subList(0, 301));

    ChildJvm.Result result = ChildJvm.run(home, "demo");

    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("simulated", "[PROGRESS] 300/300 (100.0%)", "Next:", "runlab status 1")
        .containsIgnoringCase("accuracy");
    Path db = home.resolve("data/runlab.db");
    assertThat(Sql.status(db, 1)).isEqualTo("completed");
    assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results")).isEqualTo(300);
    assertThat(Sql.number(db, "SELECT count(*) FROM narrative_results WHERE attempt_count > 1"))
        .as("the demo's faults are retried")
        .isPositive();
  }
}
