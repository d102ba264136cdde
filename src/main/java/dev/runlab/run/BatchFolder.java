package dev.runlab.run;

import dev.runlab.RunlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The scratch folder of a batch-mode run: batch inputs and downloaded results. */
final class BatchFolder {
  private BatchFolder() {}

  static Path create() {
    try {
      return Files.createTempDirectory("runlab-batches-");
    } catch (IOException e) {
      throw RunlabException.failure("cannot create a folder for batch files: " + e, e);
    }
  }
}
