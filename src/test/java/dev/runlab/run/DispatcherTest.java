package dev.runlab.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runlab.experiment.ParseConfig;
import dev.runlab.experiment.Status;
import dev.runlab.model.AnswerParser;
import dev.runlab.model.ModelClient;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import dev.runlab.pacing.Pacer;
import dev.runlab.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher never drops an answer without a word. */
class DispatcherTest {
  @TempDir Path dir;

  /** A model that answers every request at once, counting them. */
  static final class Answering implements ModelClient {
    final AtomicInteger requests = new AtomicInteger();

    @Override
    public ModelReply send(ModelRequest request) {
      requests.incrementAndGet();
      return ModelReply.answer("fall", "stop", 1, 1, 0);
    }

    @Override
    public String describe() {
      return "answers fall";
    }
  }

  @Test
  void anAnswerTheWriterNoLongerTakes_failsTheRunNamingIt() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Database db = Database.open(dir.resolve("runlab.db"), clock)) {
      ProgressTracker tracker =
          new ProgressTracker(1, clock, ProgressTracker.DEFAULT_WINDOW, 2, 0, 0, 0);
      ResultWriter writer =
          new ResultWriter(
              db, 1, 10, Duration.ofSeconds(2), clock, tracker, 0, 0, r -> {}, e -> {});
      Thread writerThread = new Thread(writer, "writer");
      writerThread.start();
      // the writer stops before the answers come (as it does after a database error)
      writer.finish(completed -> new ResultWriter.Ending(Status.PAUSED, "stopped"));
      writerThread.join();

      RunControl control = new RunControl();
      Answering model = new Answering();
      ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
      try {
        Dispatcher dispatcher =
            new Dispatcher(
                List.of(new Item("N0001", "fell", null, "Classify: fell", 0, 0)).iterator(),
                model,
                new AttemptPolicy(
                    1,
                    new AnswerParser(
                        new ParseConfig(ParseConfig.Type.LABEL, null, List.of("fall"), null)),
                    3,
                    false),
                writer,
                new ConcurrencyLimit(1),
                Pacer.NONE,
                new Backoff(1, 2, new SplittableRandom(1)),
                timers,
                clock,
                Duration.ofSeconds(5),
                control,
                1);
        dispatcher.run(Thread::new, Duration.ofSeconds(5));

        assertThat(model.requests).hasValue(1);
        assertThat(dispatcher.droppedCount()).isEqualTo(1);
        assertThat(control.reason()).isEqualTo(RunControl.Reason.FAIL);
        assertThat(control.message())
            .contains("narrative N0001")
            .contains("not saved")
            .contains("requested again on resume");
      } finally {
        timers.shutdownNow();
      }
    }
  }
}
