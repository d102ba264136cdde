package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 4: sim faults → every attempt counted, the first error kept after a later success, the
 * right categories, final errors after max_attempts; {@code errors --by category} and {@code
 * retry-errors [--category]} re-run them.
 */
class ErrorRetryTest {
  @TempDir Path dir;

  @Test
  void faultsAreRetriedCountedCategorizedAndRetriedAgainOnRequest() {
    Workspace ws =
        new Workspace(dir)
            .rows(300)
            .maxAttempts(2)
            .faults("server_error: 0.25, timeout: 0.2, bad_output: 0.1")
            .write();
    ChildJvm.Result start = ws.inProcess("start", ws.config.toString());
    assertThat(start.code()).as(start.toString()).isZero();
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");

    Map<String, Map<String, Object>> rows = Sql.results(ws.db, 1);
    assertThat(rows).hasSize(300);
    long recovered = 0;
    for (Map<String, Object> row : rows.values()) {
      long attempts = ((Number) row.get("attempt_count")).longValue();
      String category = (String) row.get("error_category");
      if ("ok".equals(row.get("status"))) {
        assertThat(row.get("parsed_label")).isNotNull();
        if (attempts > 1) {
          recovered++;
          assertThat(row.get("first_error_message")).as(row.toString()).isNotNull();
          assertThat(category).isIn("server_error", "timeout");
        } else {
          assertThat(row.get("first_error_message")).as(row.toString()).isNull();
        }
      } else {
        assertThat(row.get("status")).isEqualTo("error");
        assertThat(row.get("first_error_message")).isNotNull();
        assertThat(row.get("last_error_message")).isNotNull();
        assertThat(category).isIn("server_error", "timeout", "parse_error");
        if (category.equals("parse_error")) {
          assertThat(attempts).as(row.toString()).isGreaterThanOrEqualTo(1);
        } else {
          assertThat(attempts).as(row.toString()).isEqualTo(2); // max_attempts
        }
      }
    }
    assertThat(recovered).isPositive();
    long errors = count(ws, "status = 'error'");
    assertThat(errors).isPositive();
    assertThat(Sql.number(ws.db, "SELECT n_errors FROM experiments")).isEqualTo(errors);
    assertThat(Sql.number(ws.db, "SELECT n_narratives_completed FROM experiments")).isEqualTo(300);

    ChildJvm.Result byCategory = ws.inProcess("errors", "1", "--by", "category");
    assertThat(byCategory.code()).as(byCategory.toString()).isZero();
    for (String category : Set.of("server_error", "timeout", "parse_error")) {
      long n = count(ws, "status = 'error' AND error_category = '" + category + "'");
      if (n > 0) {
        assertThat(byCategory.out()).containsPattern(category + "\\W+" + n + "\\b");
      }
    }

    long timeouts = count(ws, "status = 'error' AND error_category = 'timeout'");
    long others = errors - timeouts;
    Map<String, Map<String, Object>> beforeRetry = Sql.results(ws.db, 1);
    ChildJvm.Result retryTimeouts = ws.inProcess("retry-errors", "1", "--category", "timeout");
    assertThat(retryTimeouts.code()).as(retryTimeouts.toString()).isZero();
    Map<String, Map<String, Object>> afterRetry = Sql.results(ws.db, 1);
    beforeRetry.forEach(
        (id, row) -> {
          Map<String, Object> now = afterRetry.get(id);
          if ("timeout".equals(row.get("error_category")) && "error".equals(row.get("status"))) {
            assertThat(((Number) now.get("attempt_count")).longValue())
                .isGreaterThan(((Number) row.get("attempt_count")).longValue());
            assertThat(now.get("first_error_message")).isEqualTo(row.get("first_error_message"));
          } else {
            assertThat(now).as(id).isEqualTo(row);
          }
        });
    // deterministic sim: some re-opened timeouts succeed on their later attempts
    assertThat(count(ws, "status = 'error'")).isLessThan(errors);
    assertThat(count(ws, "status = 'error'")).isGreaterThanOrEqualTo(others);
    assertThat(Sql.events(ws.db, 1)).contains("retry_errors");
    assertThat(Sql.status(ws.db, 1)).isEqualTo("completed");

    ChildJvm.Result retryAll = ws.inProcess("retry-errors", "1");
    assertThat(retryAll.code()).as(retryAll.toString()).isZero();
    long afterTimeouts =
        Sql.number(ws.db, "SELECT count(*) FROM narrative_results WHERE status = 'error'");
    assertThat(afterTimeouts).isPositive();
    assertThat(Sql.number(ws.db, "SELECT n_errors FROM experiments"))
        .isEqualTo(count(ws, "status = 'error'"));
    assertThat(Sql.number(ws.db, "SELECT count(*) FROM narrative_results")).isEqualTo(300);
  }

  @Test
  void rateLimitsAreCountedAsAttemptsButDoNotUseUpMaxAttempts() {
    Workspace ws = new Workspace(dir).rows(60).maxAttempts(1).faults("rate_limit: 0.3").write();
    ChildJvm.Result start = ws.inProcess("start", ws.config.toString());
    assertThat(start.code()).as(start.toString()).isZero();
    assertThat(count(ws, "status = 'ok'")).isEqualTo(60);
    assertThat(count(ws, "attempt_count > 1")).isPositive();
    assertThat(count(ws, "attempt_count > 1 AND error_category = 'rate_limited'"))
        .isEqualTo(count(ws, "attempt_count > 1"));
    assertThat(Sql.number(ws.db, "SELECT n_rate_limited FROM experiments")).isPositive();
    assertThat(Sql.number(ws.db, "SELECT n_requests FROM experiments"))
        .isEqualTo(Sql.number(ws.db, "SELECT sum(attempt_count) FROM narrative_results"));
  }

  @Test
  void unknownCategoryIsRejectedWithTheListAndChangesNothing() {
    Workspace ws = new Workspace(dir).rows(20).faults("server_error: 0.5").maxAttempts(1).write();
    assertThat(ws.inProcess("start", ws.config.toString()).code()).isZero();
    Map<String, Map<String, Object>> before = Sql.results(ws.db, 1);
    ChildJvm.Result bogus = ws.inProcess("retry-errors", "1", "--category", "bogus");
    assertThat(bogus.code()).as(bogus.toString()).isEqualTo(2);
    assertThat(bogus.err()).contains("bogus", "server_error");
    assertThat(Sql.results(ws.db, 1)).isEqualTo(before);
    assertThat(Sql.events(ws.db, 1)).doesNotContain("retry_errors");
  }

  private static long count(Workspace ws, String where) {
    return Sql.number(ws.db, "SELECT count(*) FROM narrative_results WHERE " + where);
  }
}
