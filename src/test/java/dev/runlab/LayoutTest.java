package dev.runlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout a newcomer can read (issue 11): the engine packages do not depend on the front ends or
 * on the stand-in server, and no main class grows past 400 lines.
 */
class LayoutTest {
  static final Path MAIN = Path.of("src", "main", "java", "dev", "runlab");
  static final List<String> ENGINE =
      List.of("run", "store", "model", "experiment", "data", "pacing");
  static final List<String> NOT_FOR_THE_ENGINE =
      List.of("cli", "lab", "notebook", "report", "fake", "bench");

  /** Files that still break a rule, each until its own change lands. */
  static final Set<String> PENDING = Set.of();

  @Test
  void theEnginePackages_importNoFrontEnd_andNotTheStandInServer() throws IOException {
    List<String> found = new ArrayList<>();
    for (String pkg : ENGINE) {
      for (Path file : javaFiles(MAIN.resolve(pkg))) {
        if (PENDING.contains(MAIN.relativize(file).toString())) {
          continue;
        }
        for (String line : Files.readAllLines(file)) {
          for (String other : NOT_FOR_THE_ENGINE) {
            if (line.startsWith("import dev.runlab." + other + ".")
                || line.startsWith("import static dev.runlab." + other + ".")) {
              found.add(MAIN.relativize(file) + ": " + line);
            }
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void noMainClassIsLongerThan400Lines() throws IOException {
    List<String> long400 = new ArrayList<>();
    for (Path file : javaFiles(MAIN)) {
      long lines = Files.readAllLines(file).size();
      if (lines > 400 && !PENDING.contains(MAIN.relativize(file).toString())) {
        long400.add(MAIN.relativize(file) + ": " + lines + " lines");
      }
    }
    assertThat(long400).isEmpty();
  }

  private static List<Path> javaFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }
}
