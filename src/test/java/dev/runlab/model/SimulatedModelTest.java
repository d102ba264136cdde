package dev.runlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.ModelConfig;
import dev.runlab.experiment.ParseConfig;
import dev.runlab.testsupport.Gate;
import dev.runlab.testsupport.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated model's answers are valid JSON for any label, and its gate holds requests. */
class SimulatedModelTest {
  static final ModelConfig SIM = ModelConfig.builder("sim", "sim-keyword").seed(7L).build();

  @TempDir Path dir;

  private static ModelRequest request(String text) {
    return new ModelRequest("N1", text, null, "Classify: " + text, 1, Duration.ofSeconds(5));
  }

  @Test
  void labelsAndFieldsWithQuotes_giveAnswersThatParseBackToTheLabel() throws Exception {
    List<String> labels = List.of("say \"hi\"", "back\\slash", "fall");
    ParseConfig parse = new ParseConfig(ParseConfig.Type.JSON, "the \"label\"", labels, null);
    SimulatedModel sim = new SimulatedModel(SIM, parse, Sleeper.SYSTEM, null);
    AnswerParser parser = new AnswerParser(parse);

    for (String text : List.of("they say hello", "a back injury", "fell down the stairs")) {
      ModelReply reply = sim.send(request(text));
      AnswerParser.Parsed parsed = parser.parse(reply.text());
      assertThat(parsed.ok()).as(reply.text() + ": " + parsed.error()).isTrue();
      assertThat(parsed.label()).isEqualTo(sim.classify(text, 1)).isIn(labels);
    }
    assertThat(parser.parse(sim.send(request("they say hello")).text()).label())
        .isEqualTo("say \"hi\"");
  }

  @Test
  void theGate_holdsRequestsUntilTheFileAllowsThem() throws Exception {
    Gate gate = new Gate(dir.resolve("gate"));
    AtomicInteger waits = new AtomicInteger();
    Sleeper counting = d -> waits.incrementAndGet(); // no time passes: the gate re-reads at once
    SimGate simGate = SimGate.from(Map.copyOf(gate.environment())::get, counting);
    SimulatedModel sim =
        new SimulatedModel(
            SIM, new ParseConfig(ParseConfig.Type.LABEL, null, List.of(), null), counting, simGate);

    CompletableFuture<ModelReply> first = send(sim);
    Poll.until(Duration.ofSeconds(10), "the first request waits", () -> waits.get() > 0);
    assertThat(first).isNotDone();

    gate.allow(1);
    Poll.until(Duration.ofSeconds(10), "the first answer", first::isDone);
    assertThat(first.get().ok()).isTrue();

    int before = waits.get();
    CompletableFuture<ModelReply> second = send(sim);
    Poll.until(Duration.ofSeconds(10), "the second request waits", () -> waits.get() > before);
    assertThat(second).isNotDone();
    gate.allow(2);
    Poll.until(Duration.ofSeconds(10), "the second answer", second::isDone);
    assertThat(second.get().ok()).isTrue();
  }

  @Test
  void withoutTheVariable_thereIsNoGate() {
    assertThat(SimGate.from(name -> null, Sleeper.SYSTEM)).isNull();
  }

  private static CompletableFuture<ModelReply> send(SimulatedModel sim) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return sim.send(request("fell off a ladder"));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
