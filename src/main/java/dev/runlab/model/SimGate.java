package dev.runlab.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A test hook of the simulated model, so that a test can hold a run at a known point: when the
 * environment variable {@value #VARIABLE} names a file, the model answers only as many requests as
 * the number written in that file (none while the file is missing or holds no number), in the order
 * they come; the others wait, reading the file again every 10 ms, until a larger number is written.
 * A scenario test writes 20, waits for 20 results, signals or reads the status of a run that is
 * held by construction, then writes a larger number to let it go on. The count is per process (a
 * resume starts from 0). A smaller number than one read before is ignored. Thread-safe.
 */
final class SimGate {
  static final String VARIABLE = "RUNLAB_SIM_GATE";
  private static final Duration POLL = Duration.ofMillis(10);

  private final Path file;
  private final Sleeper sleeper;
  private final AtomicLong tickets = new AtomicLong();
  private volatile long allowed;

  private SimGate(Path file, Sleeper sleeper) {
    this.file = file;
    this.sleeper = sleeper;
  }

  /** The gate that {@code environment} names, or null when the variable is not set. */
  static SimGate from(UnaryOperator<String> environment, Sleeper sleeper) {
    String value = environment.apply(VARIABLE);
    return value == null || value.isBlank() ? null : new SimGate(Path.of(value.strip()), sleeper);
  }

  /** Waits until this request may be answered: until the file allows as many as have come. */
  void pass() throws InterruptedException {
    long ticket = tickets.incrementAndGet();
    while (ticket > allowed()) {
      sleeper.sleep(POLL);
    }
  }

  private long allowed() {
    long known = allowed;
    try {
      long read = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
      if (read > known) {
        allowed = read;
        return read;
      }
    } catch (NoSuchFileException | NumberFormatException notYet) {
      // no number yet: nothing more is allowed
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading " + VARIABLE + " file " + file, e);
    }
    return known;
  }
}
