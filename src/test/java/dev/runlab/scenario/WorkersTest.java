package dev.runlab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.fake.FakeLlmOptions;
import dev.runlab.fake.FakeLlmServer;
import dev.runlab.store.Workers;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.PgDatabase;
import dev.runlab.testsupport.Poll;
import dev.runlab.testsupport.Workspace;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several worker processes on one experiment of a shared PostgreSQL store, against the stand-in
 * server over real HTTP: a worker killed with kill -9, the configured rate limit split among the
 * workers, {@code runlab pause} from another process, and the workers that {@code runlab status}
 * lists.
 */
class WorkersTest {
  static final String KEY = HttpRunTest.KEY;
  static final String VAR = HttpRunTest.VAR;
  static final long ID = 1;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  PgDatabase pg;
  final List<ChildJvm> children = new ArrayList<>();

  @BeforeEach
  void createDatabase() {
    pg = PgDatabase.create("workers");
  }

  @AfterEach
  void endChildrenAndDropDatabase() {
    children.stream().filter(ChildJvm::isAlive).forEach(ChildJvm::kill9);
    pg.close();
  }

  private static FakeLlmOptions server() {
    return FakeLlmOptions.defaults().withApiKey(KEY).withLabels(HttpRunTest.LABELS);
  }

  private Path config(FakeLlmServer server, int rows, String run) {
    Workspace.writeData(dir.resolve("narratives.csv"), rows);
    String yaml =
        "name: workers\n"
            + "data: narratives.csv\n"
            + "model: {provider: openai, name: fake-model, base_url: \""
            + server.openAiBaseUrl()
            + "\", api_key_env: "
            + VAR
            + ", max_tokens: 32}\n"
            + "prompt: {template: \"Narrative {id}: {text}\"}\n"
            + "parse: {type: json, field: label, labels: [fall, burn, cut_pierce, struck_by,"
            + " other]}\n"
            + "run: {"
            + run
            + "}\n";
    Path file = dir.resolve("experiment.yaml");
    Workspace.writeString(file, yaml);
    return file;
  }

  /** {@code runlab args... --db URL} in a child JVM with the API key, left running. */
  private ChildJvm runlab(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--db";
    all[args.length + 1] = pg.url();
    ChildJvm child = ChildJvm.start(dir, Map.of(VAR, KEY), all);
    children.add(child);
    return child;
  }

  /** {@code runlab args... --db URL} in a child JVM, to its end. */
  private ChildJvm.Result runlabToEnd(String... args) {
    ChildJvm child = runlab(args);
    int code = child.waitFor(WAIT);
    return new ChildJvm.Result(code, child.stdout(), child.stderr());
  }

  /** The primary ({@code start}) and two {@code join}ed workers, each registered and running. */
  private List<ChildJvm> threeWorkers(Path config) {
    ChildJvm primary = runlab("start", config.toString());
    Poll.until(WAIT, "the primary's registration", () -> running() >= 1);
    ChildJvm second = runlab("join", Long.toString(ID));
    ChildJvm third = runlab("join", Long.toString(ID));
    List<ChildJvm> all = List.of(primary, second, third);
    Poll.until(
        WAIT,
        "three registered workers",
        () -> {
          all.forEach(WorkersTest::notEnded);
          return running() >= 3;
        });
    return all;
  }

  private static void notEnded(ChildJvm child) {
    if (!child.isAlive()) {
      throw new AssertionError(
          "worker " + child.pid() + " ended: " + child.stdout() + "\n" + child.stderr());
    }
  }

  private long running() {
    try {
      return pg.number(
          "SELECT count(*) FROM workers WHERE experiment_id = ? AND status = 'running'", ID);
    } catch (AssertionError e) {
      if (String.valueOf(e.getCause()).contains("does not exist")) {
        return 0; // the primary is still creating the store
      }
      throw e;
    }
  }

  private long finalRows() {
    return pg.number(
        "SELECT count(*) FROM narrative_results WHERE experiment_id = ? AND status <> 'pending'",
        ID);
  }

  private long committedBy(ChildJvm worker) {
    return pg.number(
        "SELECT coalesce(max(n_completed), 0) FROM workers WHERE experiment_id = ? AND pid = ?",
        ID,
        worker.pid());
  }

  private String status() {
    return (String)
        pg.rows("SELECT status FROM experiments WHERE experiment_id = ?", ID).get(0).get("status");
  }

  /** Requests the server saw per narrative id (prompts are "Narrative N0001: ..."). */
  private static Map<String, Long> requestsPerNarrative(FakeLlmServer server) {
    Map<String, Long> counts = new HashMap<>();
    for (FakeLlmServer.Logged l : server.log()) {
      counts.merge(narrativeOf(l), 1L, Long::sum);
    }
    return counts;
  }

  @Test
  void aWorkerKilledMidRun_leavesItsNarrativesToTheOthers_eachAnsweredOnceOrReAskedWithinBound()
      throws Exception {
    int total = 600;
    int concurrency = 4;
    int page = Math.max(20, Math.min(500, 4 * concurrency));
    try (FakeLlmServer server = FakeLlmServer.start(server().withLatency(200))) {
      Path config =
          config(
              server, total, "concurrency: " + concurrency + ", batch_size: 10, lease_seconds: 5");
      List<ChildJvm> workers = threeWorkers(config);
      ChildJvm victim = workers.get(1);
      Poll.until(
          WAIT,
          "results from every worker",
          () -> workers.stream().allMatch(w -> committedBy(w) > 0) && finalRows() >= 150);

      victim.kill9();
      long victimCommitted = committedBy(victim);

      assertThat(workers.get(0).waitFor(WAIT)).as(workers.get(0).stderr()).isZero();
      assertThat(workers.get(2).waitFor(WAIT)).as(workers.get(2).stderr()).isZero();
      assertThat(status()).isEqualTo("completed");
      Map<String, Object> rows =
          pg.rows(
                  "SELECT count(*) AS n, count(DISTINCT narrative_id) AS d,"
                      + " count(*) FILTER (WHERE status = 'pending') AS pending,"
                      + " count(*) FILTER (WHERE status = 'ok') AS ok,"
                      + " sum(attempt_count) AS attempts"
                      + " FROM narrative_results WHERE experiment_id = ?",
                  ID)
              .get(0);
      assertThat(((Number) rows.get("n")).longValue()).isEqualTo(total);
      assertThat(((Number) rows.get("d")).longValue()).isEqualTo(total);
      assertThat(((Number) rows.get("pending")).longValue()).isZero();
      assertThat(((Number) rows.get("ok")).longValue()).isEqualTo(total);
      assertThat(
              pg.number(
                  "SELECT n_narratives_completed FROM experiments WHERE experiment_id = ?", ID))
          .isEqualTo(finalRows())
          .isEqualTo(total);

      Map<String, Long> requests = requestsPerNarrative(server);
      assertThat(requests).as("every narrative was asked").hasSize(total);
      long reAsks = requests.values().stream().mapToLong(n -> n - 1).sum();
      long bound = concurrency + page;
      System.out.printf(
          "kill -9 of a worker (%d committed): %d re-asks, bound %d; %d requests for %d"
              + " narratives%n",
          victimCommitted, reAsks, bound, server.count(), total);
      assertThat(reAsks).as("narratives asked again after the kill").isLessThanOrEqualTo(bound);
      assertThat(((Number) rows.get("attempts")).longValue())
          .as("the final rows count their own attempts")
          .isLessThanOrEqualTo(server.count());

      // the killed worker held no lock and renews nothing: it is not counted live (once its
      // heartbeat is older than Workers.LIVE_SECONDS), and status says it is gone
      Poll.until(
          WAIT,
          "the killed worker no longer live",
          () ->
              pg.number(
                      "SELECT count(*) FROM workers WHERE experiment_id = ? AND status = 'running'"
                          + " AND heartbeat_at::timestamptz"
                          + " >= clock_timestamp() - make_interval(secs => ?)",
                      ID,
                      Workers.LIVE_SECONDS)
                  == 0);
      ChildJvm.Result status = runlabToEnd("status", Long.toString(ID));
      assertThat(status.code()).as(status.toString()).isZero();
      assertThat(status.out()).containsPattern("workers +2 stopped: .*; 1 gone: " + victim.pid());
    }
  }

  /** Asserts one final ok row per narrative and the experiment's counter equal to them. */
  private void everyNarrativeOnceAndCounted(int total) {
    Map<String, Object> rows =
        pg.rows(
                "SELECT count(*) AS n, count(DISTINCT narrative_id) AS d,"
                    + " count(*) FILTER (WHERE status = 'ok') AS ok"
                    + " FROM narrative_results WHERE experiment_id = ?",
                ID)
            .get(0);
    assertThat(((Number) rows.get("n")).longValue()).isEqualTo(total);
    assertThat(((Number) rows.get("d")).longValue()).isEqualTo(total);
    assertThat(((Number) rows.get("ok")).longValue()).isEqualTo(total);
    assertThat(
            pg.number("SELECT n_narratives_completed FROM experiments WHERE experiment_id = ?", ID))
        .isEqualTo(total);
  }

  @Test
  void theRunsWorker_readsAlone_untilAWorkerJoins_thenHandsOver_andNothingIsAskedTwice()
      throws Exception {
    int total = 600;
    try (FakeLlmServer server = FakeLlmServer.start(server().withLatency(100))) {
      Path config = config(server, total, "concurrency: 4, batch_size: 10");
      ChildJvm primary = runlab("start", config.toString());
      Poll.until(
          WAIT,
          "results of the primary alone",
          () -> {
            notEnded(primary);
            return running() >= 1 && finalRows() >= 60;
          });
      // alone, it writes each answer once: no pending row, no lease
      assertThat(
              pg.number(
                  "SELECT count(*) FROM narrative_results WHERE experiment_id = ?"
                      + " AND (status = 'pending' OR lease_owner IS NOT NULL)",
                  ID))
          .as("rows claimed while the primary runs alone")
          .isZero();

      ChildJvm joined = runlab("join", Long.toString(ID));
      assertThat(primary.waitFor(WAIT)).as(primary.stderr()).isZero();
      assertThat(joined.waitFor(WAIT)).as(joined.stderr()).isZero();
      assertThat(status()).isEqualTo("completed");
      everyNarrativeOnceAndCounted(total);
      assertThat(committedBy(joined)).as("narratives the joined worker finished").isPositive();
      assertThat(committedBy(primary) + committedBy(joined)).isEqualTo(total);
      Map<String, Long> requests = requestsPerNarrative(server);
      assertThat(requests).hasSize(total);
      assertThat(requests.values()).as("requests per narrative").containsOnly(1L);
    }
  }

  @Test
  void theRunsWorkerKilled_asAWorkerJoins_leavesTheRestToIt() throws Exception {
    int total = 400;
    int concurrency = 4;
    try (FakeLlmServer server = FakeLlmServer.start(server().withLatency(100))) {
      Path config =
          config(
              server, total, "concurrency: " + concurrency + ", batch_size: 10, lease_seconds: 5");
      ChildJvm primary = runlab("start", config.toString());
      Poll.until(
          WAIT,
          "results of the primary alone",
          () -> {
            notEnded(primary);
            return running() >= 1 && finalRows() >= 40;
          });
      ChildJvm joined = runlab("join", Long.toString(ID));
      // killed while it may still read alone, hand over, or claim: whichever it was doing, the
      // joined worker finishes the run (what the primary held alone has no row or no lease; what
      // it leased expires)
      Poll.until(WAIT, "the joined worker's registration", () -> running() >= 2);
      primary.kill9();

      // the last worker alive finishes every narrative, and with them the experiment
      assertThat(joined.waitFor(WAIT)).as(joined.stdout() + joined.stderr()).isZero();
      assertThat(status()).isEqualTo("completed");
      everyNarrativeOnceAndCounted(total);
      Map<String, Long> requests = requestsPerNarrative(server);
      assertThat(requests).hasSize(total);
      long reAsks = requests.values().stream().mapToLong(n -> n - 1).sum();
      int page = Math.max(20, Math.min(500, 4 * concurrency));
      System.out.printf(
          "kill -9 of the run's worker as another joins: %d re-asks, bound %d%n",
          reAsks, concurrency + page);
      assertThat(reAsks).isLessThanOrEqualTo(concurrency + page);
    }
  }

  @Test
  void threeWorkers_shareTheConfiguredRateLimit_measuredAtTheServer() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start(server().withLatency(10))) {
      Path config =
          config(server, 3000, "concurrency: 4, batch_size: 10, requests_per_minute: 600");
      List<ChildJvm> workers = threeWorkers(config);
      Instant joined = Instant.now();
      Poll.until(
          WAIT,
          "25 s of requests after the last join",
          () -> {
            workers.forEach(WorkersTest::notEnded);
            return Instant.now().isAfter(joined.plusSeconds(27));
          });
      List<FakeLlmServer.Logged> log = server.log();
      // a worker learns how many are live at its heartbeat (every 5 s at run.lease_seconds 60):
      // the steady window starts after one of them
      Instant from = joined.plusSeconds(6);
      Instant to = joined.plusSeconds(27);
      long inWindow =
          log.stream().filter(l -> !l.at().isBefore(from) && l.at().isBefore(to)).count();
      double perMinute = inWindow * 60.0 / Duration.between(from, to).toMillis() * 1000;
      long firstSeconds =
          log.stream()
              .filter(l -> !l.at().isBefore(joined) && l.at().isBefore(joined.plusSeconds(5)))
              .count();
      System.out.printf(
          "three workers at requests_per_minute 600: %.0f requests/min over %s (%d requests);"
              + " %d in the 5 s after the joins (%.0f/min)%n",
          perMinute, Duration.between(from, to), inWindow, firstSeconds, firstSeconds * 12.0);
      ChildJvm.Result pause = runlabToEnd("pause", Long.toString(ID));
      assertThat(pause.code()).as(pause.toString()).isZero();
      for (ChildJvm w : workers) {
        assertThat(w.waitFor(WAIT)).as(w.stderr()).isEqualTo(130);
      }
      assertThat(perMinute).isBetween(600 * 0.85, 600 * 1.15);
    }
  }

  @Test
  void aJoiningWorker_takesItsShareOfTheRateLimitFromItsFirstRequest() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start(server().withLatency(10))) {
      Path config =
          config(server, 3000, "concurrency: 4, batch_size: 10, requests_per_minute: 600");
      ChildJvm primary = runlab("start", config.toString());
      Poll.until(WAIT, "the primary's registration", () -> running() >= 1);
      ChildJvm joined = runlab("join", Long.toString(ID));
      Poll.until(
          WAIT,
          "4 s of the joined worker's requests",
          () -> {
            notEnded(primary);
            notEnded(joined);
            List<Instant> sent = requestsOf(server, joined);
            return !sent.isEmpty() && Instant.now().isAfter(sent.get(0).plusSeconds(5));
          });
      List<Instant> sent = requestsOf(server, joined);
      long first4s = sent.stream().filter(t -> t.isBefore(sent.get(0).plusSeconds(4))).count();
      System.out.printf(
          "a joined worker's first 4 s at requests_per_minute 600 over 2 workers: %d requests%n",
          first4s);
      ChildJvm.Result pause = runlabToEnd("pause", Long.toString(ID));
      assertThat(pause.code()).as(pause.toString()).isZero();
      assertThat(primary.waitFor(WAIT)).isEqualTo(130);
      assertThat(joined.waitFor(WAIT)).isEqualTo(130);
      // half of 600 a minute is 20 in 4 s (not the whole limit's 40), the first one at once
      assertThat(first4s).isLessThanOrEqualTo(28);
    }
  }

  /** When the server answered the narratives {@code worker} claimed (and finished), in order. */
  private List<Instant> requestsOf(FakeLlmServer server, ChildJvm worker) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Map<String, Object> r :
        pg.rows(
            "SELECT r.narrative_id FROM narrative_results r JOIN workers w"
                + " ON w.worker_id = r.lease_owner WHERE r.experiment_id = ? AND w.pid = ?",
            ID,
            worker.pid())) {
      ids.add((String) r.get("narrative_id"));
    }
    return server.log().stream()
        .filter(l -> ids.contains(narrativeOf(l)))
        .map(FakeLlmServer.Logged::at)
        .sorted()
        .toList();
  }

  private static String narrativeOf(FakeLlmServer.Logged l) {
    return l.prompt().substring("Narrative ".length(), l.prompt().indexOf(':'));
  }

  @Test
  void pauseFromAnyProcess_stopsEveryWorker_releasesTheLeases_andResumeFinishes() throws Exception {
    int total = 1200;
    try (FakeLlmServer server = FakeLlmServer.start(server().withLatency(100))) {
      Path config = config(server, total, "concurrency: 4, batch_size: 10, lease_seconds: 5");
      List<ChildJvm> workers = threeWorkers(config);
      Poll.until(
          WAIT,
          "results from every worker",
          () -> workers.stream().allMatch(w -> committedBy(w) > 0));

      ChildJvm.Result listing = runlabToEnd("status", Long.toString(ID));
      assertThat(listing.code()).as(listing.toString()).isZero();
      String line =
          listing.out().lines().filter(l -> l.startsWith("  workers")).findFirst().orElse("");
      assertThat(line).as(listing.out()).contains("3 live: ");
      for (ChildJvm w : workers) {
        assertThat(line).containsPattern(w.pid() + "@\\S+ \\(\\d+ done\\)");
      }

      ChildJvm.Result pause = runlabToEnd("pause", Long.toString(ID));
      assertThat(pause.code()).as(pause.toString()).isZero();
      assertThat(pause.out()).contains("is now paused");
      for (ChildJvm w : workers) {
        assertThat(w.waitFor(WAIT)).as(w.stdout() + w.stderr()).isEqualTo(130);
      }
      assertThat(status()).isEqualTo("paused");
      assertThat(
              pg.number(
                  "SELECT count(*) FROM narrative_results WHERE experiment_id = ?"
                      + " AND status = 'pending' AND lease_owner IS NOT NULL",
                  ID))
          .as("leases still held after a clean stop")
          .isZero();
      assertThat(
              pg.rows("SELECT status FROM workers WHERE experiment_id = ?", ID).stream()
                  .map(r -> r.get("status"))
                  .toList())
          .containsExactly("stopped", "stopped", "stopped");
      long done = finalRows();
      assertThat(done).isLessThan(total);

      ChildJvm.Result resume = runlabToEnd("resume", Long.toString(ID), "--concurrency", "16");
      assertThat(resume.code()).as(resume.toString()).isZero();
      assertThat(status()).isEqualTo("completed");
      assertThat(finalRows()).isEqualTo(total);
      assertThat(
              pg.number(
                  "SELECT count(DISTINCT narrative_id) FROM narrative_results"
                      + " WHERE experiment_id = ?",
                  ID))
          .isEqualTo(total);
    }
  }
}
