package dev.runlab.run;

import dev.runlab.LockHeldException;
import dev.runlab.RunlabException;
import dev.runlab.store.Hostname;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The lock that lets one process at a time run an experiment: {@code .resume_lock_<id>.pid} in the
 * database's folder, held with an OS file lock (released by the OS when the process dies, even on
 * kill -9), with the holder's PID on the first line and its host and start time below for humans.
 * Thread-safe; {@link #close()} is idempotent.
 */
public final class ResumeLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final String previousHolder;
  private boolean released;

  private ResumeLock(Path file, FileChannel channel, FileLock lock, String previousHolder) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.previousHolder = previousHolder;
  }

  /** The lock file of an experiment whose database is {@code dbFile}. */
  public static Path fileFor(Path dbFile, long experimentId) {
    return dbFile.toAbsolutePath().getParent().resolve(".resume_lock_" + experimentId + ".pid");
  }

  /**
   * Takes the lock of experiment {@code experimentId}, or throws {@link LockHeldException} (exit 4)
   * naming the live holder's PID.
   */
  public static ResumeLock acquire(Path dbFile, long experimentId) {
    Path file = fileFor(dbFile, experimentId);
    for (int tries = 0; tries < 5; tries++) {
      ResumeLock lock = tryAcquire(file, experimentId);
      if (lock != null) {
        return lock;
      }
    }
    throw RunlabException.failure(
        "could not take the lock " + file + " (it kept being replaced)", null);
  }

  private static ResumeLock tryAcquire(Path file, long experimentId) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        channel.close();
        throw held(file, experimentId, "this process (" + ProcessHandle.current().pid() + ")");
      }
      if (lock == null) {
        channel.close();
        throw held(file, experimentId, describeHolder(file));
      }
      String previous = readFirstLine(channel);
      String token = writeHolder(channel, experimentId);
      if (!token.equals(readToken(file))) {
        // the file we locked was deleted by its releasing holder and another took its place
        channel.close();
        return null;
      }
      return new ResumeLock(file, channel, lock, previous.isBlank() ? null : previous);
    } catch (IOException e) {
      closeQuietly(channel);
      throw RunlabException.usage(
          "cannot create the lock file "
              + file
              + " ("
              + e.getMessage()
              + "); check that the"
              + " database folder is writable");
    }
  }

  private static LockHeldException held(Path file, long experimentId, String holder) {
    return new LockHeldException(
        "experiment "
            + experimentId
            + " is already being run by "
            + holder
            + " (lock "
            + file
            + "); wait for it to finish, or stop it with `runlab pause "
            + experimentId
            + "`");
  }

  private static String describeHolder(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        return "another process";
      }
      String host = lines.size() > 1 ? " " + lines.get(1) : "";
      return "process " + lines.get(0).strip() + host;
    } catch (IOException e) {
      return "another process";
    }
  }

  private static String readFirstLine(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    channel.read(buffer, 0);
    String content = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    String first = content.lines().findFirst().orElse("").strip();
    String host = content.lines().skip(1).findFirst().orElse("").strip();
    return first.isEmpty() ? "" : first + (host.isEmpty() ? "" : " " + host);
  }

  private static String writeHolder(FileChannel channel, long experimentId) throws IOException {
    String token = UUID.randomUUID().toString();
    String content =
        ProcessHandle.current().pid()
            + "\n"
            + "host="
            + Hostname.get()
            + "\n"
            + "experiment="
            + experimentId
            + "\n"
            + "since="
            + Instant.now()
            + "\n"
            + "token="
            + token
            + "\n";
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return token;
  }

  private static String readToken(Path file) throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("token="))
          .map(l -> l.substring("token=".length()))
          .findFirst()
          .orElse("");
    } catch (NoSuchFileException e) {
      return "";
    }
  }

  public Path file() {
    return file;
  }

  /**
   * The PID (and host) written by an earlier holder whose process died without releasing the lock,
   * or null when the lock was free. The caller logs the takeover.
   */
  public String previousHolder() {
    return previousHolder;
  }

  /** Deletes the lock file and releases the OS lock. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      // delete while still holding the lock, so no one locks a file that is about to vanish
      Files.deleteIfExists(file);
      lock.release();
    } catch (IOException e) {
      // the OS releases the lock when the channel closes below
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }
}
