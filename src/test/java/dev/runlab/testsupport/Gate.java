package dev.runlab.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The simulated model's gate ({@code RUNLAB_SIM_GATE}, see {@code dev.runlab.model.SimGate}): a
 * file that says how many requests the model of a process may answer in all, so that a test holds a
 * run at a known point and lets it go on when it chooses.
 */
public final class Gate {
  private final Path file;

  /** A closed gate: until {@link #allow} writes a number, no request is answered. */
  public Gate(Path file) {
    this.file = file;
  }

  /** The environment variable that puts a child's simulated model behind this gate. */
  public Map<String, String> environment() {
    return Map.of("RUNLAB_SIM_GATE", file.toString());
  }

  /** Lets the model answer up to {@code requests} requests in all (written atomically). */
  public void allow(long requests) {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    try {
      Files.writeString(next, Long.toString(requests), StandardCharsets.UTF_8);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets every request through from now on. */
  public void open() {
    allow(Long.MAX_VALUE);
  }
}
