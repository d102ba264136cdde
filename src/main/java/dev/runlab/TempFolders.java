package dev.runlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders in the temp dir, removed when the work that needed them is over. */
public final class TempFolders {
  private TempFolders() {}

  /** Deletes {@code dir} and everything in it, as far as it can; a leftover is only disk space. */
  public static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover scratch folder in the temp dir is harmless
    }
  }
}
