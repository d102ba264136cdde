package dev.runlab.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.LockHeldException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock file's content, its release, and one lock for one database reached by two paths. */
class ResumeLockTest {
  @TempDir Path dir;

  @Test
  void holderIsWrittenForHumansAndTheFileIsEmptiedOnRelease() throws Exception {
    Path db = dir.resolve("runlab.db");
    Path file;
    try (ResumeLock lock = ResumeLock.acquire(db, 7)) {
      file = lock.file();
      assertThat(file).isEqualTo(dir.resolve(".resume_lock_7.pid"));
      assertThat(ResumeLock.heldInThisJvm(db, 7)).isTrue();
      assertThat(lock.previousHolder()).isNull();
    }
    assertThat(ResumeLock.heldInThisJvm(db, 7)).isFalse();
    assertThat(Files.size(file)).isZero();
    // a holder that died without releasing leaves its PID: the next holder reports it
    Files.writeString(file, "999999\nhost=elsewhere\n");
    try (ResumeLock lock = ResumeLock.acquire(db, 7)) {
      assertThat(lock.previousHolder()).isEqualTo("999999 host=elsewhere");
    }
    try (ResumeLock lock = ResumeLock.acquire(db, 7)) {
      assertThat(lock.previousHolder()).isNull();
    }
  }

  @Test
  void oneDatabaseThroughASymlinkedFolderIsTheSameLock() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    try (ResumeLock lock = ResumeLock.acquire(real.resolve("runlab.db"), 1)) {
      assertThatThrownBy(() -> ResumeLock.acquire(link.resolve("runlab.db"), 1))
          .isInstanceOf(LockHeldException.class)
          .hasMessageContaining("(" + ProcessHandle.current().pid() + ")");
      assertThat(lock.file()).exists();
    }
  }
}
