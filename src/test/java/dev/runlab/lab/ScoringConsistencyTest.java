package dev.runlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.notebook.NotebookRunner;
import dev.runlab.report.HtmlReport;
import dev.runlab.run.RunEnvironment;
import dev.runlab.run.RunListener;
import dev.runlab.run.RunOptions;
import dev.runlab.store.DbLocation;
import dev.runlab.testsupport.Sql;
import dev.runlab.testsupport.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Gold labels written as people write them (capitals, a trailing tab, padding, a no-break space
 * copied from a web page), answers with bad outputs and transport errors: accuracy, the confusion
 * matrix, per-label scores, a comparison, the results table, both exports, the HTML report and a
 * notebook all give the same counts, and those match what the data was made to contain.
 */
class ScoringConsistencyTest {
  static final String[][] KINDS = {
    {"fall", "slipped and fell from a ladder onto the floor"},
    {"burn", "burned the hand on a hot stove while cooking"},
    {"cut_pierce", "cut the finger with a kitchen knife"},
    {"struck_by", "was struck by a falling box at work"},
    {"poisoning", "swallowed bleach from an unlabeled bottle"},
    {"other", "felt unwell after a long day"},
  };
  static final String[] SPELLINGS = {"%s", "%S", "%s\t", "  %s  ", "%s\u00A0", "\u00A0%S "};
  static final int ROWS = 600;

  @TempDir static Path dir;
  static Lab lab;
  static Experiment e;
  static Evaluation.Accuracy accuracy;

  /** What the data was made to contain: the intended label of each narrative with a gold label. */
  static final Map<String, String> INTENDED = new HashMap<>();

  @BeforeAll
  static void runTheExperiment() throws Exception {
    Path data = dir.resolve("narratives.csv");
    List<String> lines = new ArrayList<>(List.of("id,text,label"));
    for (int i = 1; i <= ROWS; i++) {
      String[] kind = KINDS[i % KINDS.length];
      String id = Workspace.id(i);
      String gold;
      if (i % 50 == 0) {
        gold = "\u00A0 "; // blank to the eye: no gold label
      } else {
        gold = String.format(SPELLINGS[(i / KINDS.length) % SPELLINGS.length], kind[0]);
        INTENDED.put(id, kind[0]);
      }
      lines.add(id + ",\"Patient " + i + " " + kind[1] + "\",\"" + gold + "\"");
    }
    Workspace.writeString(data, String.join("\n", lines) + "\n");
    Path config = dir.resolve("experiment.yaml");
    Workspace.writeString(
        config,
        """
        name: scoring
        data: narratives.csv
        model: {provider: sim, seed: 11, faults: {bad_output: 0.08, server_error: 0.04}}
        prompt: {template: "Classify: {text}"}
        parse: {type: json, field: label,
                labels: [fall, burn, cut_pierce, struck_by, poisoning, other]}
        run: {concurrency: 4, batch_size: 50, max_attempts: 1}
        """);
    Path db = dir.resolve("runlab.db");
    lab = Lab.open(DbLocation.of(db), db, RunEnvironment.system(), new RunListener() {});
    e = lab.await(lab.start(config, RunOptions.DEFAULT));
    accuracy = lab.accuracy(e);
  }

  @AfterAll
  static void close() {
    lab.close();
  }

  @Test
  void accuracy_matchesWhatTheDataWasMadeToContain() {
    Map<String, Map<String, Object>> rows =
        Sql.results(((DbLocation.SqliteFile) lab.database()).file(), e.id());
    long right = 0;
    long scored = 0;
    long excluded = 0;
    for (Map.Entry<String, String> intended : INTENDED.entrySet()) {
      Map<String, Object> row = rows.get(intended.getKey());
      String category = (String) row.get("error_category");
      if ("ok".equals(row.get("status"))) {
        scored++;
        right += intended.getValue().equals(row.get("parsed_label")) ? 1 : 0;
      } else if ("parse_error".equals(category)) {
        scored++;
      } else {
        excluded++;
      }
    }
    assertThat(excluded).as("transport errors in the sample").isPositive();
    assertThat(scored - right).as("wrong answers in the sample").isPositive();
    assertThat(accuracy.correct()).isEqualTo(right);
    assertThat(accuracy.scored()).isEqualTo(scored);
    assertThat(accuracy.excluded()).isEqualTo(excluded);
  }

  @Test
  void theConfusionMatrix_hasOneRowPerLabel_andItsDiagonalIsTheCorrectCount() {
    Table confusion = lab.confusion(e);
    assertThat(confusion.stringColumn(0).asList())
        .containsExactly("burn", "cut_pierce", "fall", "other", "poisoning", "struck_by");
    long diagonal = 0;
    long total = 0;
    for (int r = 0; r < confusion.rowCount(); r++) {
      diagonal += confusion.intColumn(confusion.stringColumn(0).get(r)).get(r);
      total += confusion.intColumn("total").get(r);
    }
    assertThat(diagonal).isEqualTo(accuracy.correct());
    assertThat(total).isEqualTo(accuracy.scored());
    assertThat(confusion.columnNames()).contains("(parse_error)");
  }

  @Test
  void labelScores_andACompare_countTheSame() {
    Table scores = lab.labelScores(e);
    long support = 0;
    long found = 0;
    for (int r = 0; r < scores.rowCount(); r++) {
      int s = scores.intColumn("support").get(r);
      support += s;
      found += Math.round(scores.doubleColumn("recall").get(r) * s);
    }
    assertThat(support).isEqualTo(accuracy.scored());
    assertThat(found).isEqualTo(accuracy.correct());

    Comparison self = lab.compare(e, ExperimentId.of(e.id()));
    assertThat(self.first()).isEqualTo(accuracy);
    assertThat(self.both()).isEqualTo(accuracy.scored());
    assertThat(self.agreeing()).isEqualTo(accuracy.scored());
  }

  @Test
  void theResultsTable_marksEveryScoredRow_andOnlyThose() {
    Table results = lab.results(e);
    long ones = 0;
    long marked = 0;
    for (int r = 0; r < results.rowCount(); r++) {
      if (results.column("correct").isMissing(r)) {
        assertThat(results.getString(r, "status")).isIn("ok", "error");
        continue;
      }
      marked++;
      ones += results.longColumn("correct").get(r);
      if ("parse_error".equals(results.getString(r, "error_category"))) {
        assertThat(results.longColumn("correct").get(r)).isZero();
      }
    }
    assertThat(ones).isEqualTo(accuracy.correct());
    assertThat(marked).isEqualTo(accuracy.scored());
  }

  @Test
  void bothExports_markTheSameRows_parseErrorsAsWrong() throws Exception {
    Path csv = dir.resolve("out.csv");
    Path jsonl = dir.resolve("out.jsonl");
    lab.export(e, "csv", csv);
    lab.export(e, "jsonl", jsonl);

    List<String> csvLines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> header = List.of(csvLines.get(0).split(","));
    int correct = header.indexOf("correct");
    int category = header.indexOf("error_category");
    long ones = 0;
    long marked = 0;
    for (String line : csvLines.subList(1, csvLines.size())) {
      if (!line.matches("1,N\\d{4},.*")) {
        continue; // the next line of a quoted answer that spans lines
      }
      // the columns up to error_category hold no commas: ids, status, labels, numbers
      String[] cells = line.split(",", -1);
      if (!cells[correct].isEmpty()) {
        marked++;
        ones += cells[correct].equals("1") ? 1 : 0;
      }
      if (cells[category].equals("parse_error") && INTENDED.containsKey(cells[1])) {
        assertThat(cells[correct]).isEqualTo("0");
      }
    }
    assertThat(ones).isEqualTo(accuracy.correct());
    assertThat(marked).isEqualTo(accuracy.scored());

    ObjectMapper json = new ObjectMapper();
    long trues = 0;
    long booleans = 0;
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      JsonNode row = json.readTree(line);
      if (row.get("correct").isBoolean()) {
        booleans++;
        trues += row.get("correct").asBoolean() ? 1 : 0;
      }
    }
    assertThat(trues).isEqualTo(accuracy.correct());
    assertThat(booleans).isEqualTo(accuracy.scored());
  }

  @Test
  void theHtmlReport_andANotebook_sayTheSameAccuracy() throws Exception {
    assertThat(HtmlReport.render(lab, e.id(), Instant.now())).contains(accuracy.toString());

    Path out = dir.resolve("progress.out.ipynb");
    NotebookRunner.Outcome outcome =
        NotebookRunner.on(lab)
            .run(
                Path.of("notebooks/progress-report.ipynb"),
                Map.of("experiment_id", Long.toString(e.id())),
                out);
    assertThat(outcome.failure()).isNull();
    assertThat(new ObjectMapper().readTree(out.toFile()).toString()).contains(accuracy.toString());
  }
}
