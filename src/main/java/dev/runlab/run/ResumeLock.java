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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock that lets one process at a time run an experiment: {@code .resume_lock_<id>.pid} in the
 * database's folder, held with an OS file lock (released by the OS when the process dies, even on
 * kill -9), with the holder's PID on the first line and its host, database and start time below for
 * humans. Thread-safe; {@link #close()} is idempotent.
 *
 * <p>POSIX record locks belong to the process and are dropped when <em>any</em> channel of that
 * process on the file is closed. So while this JVM holds a lock file, nothing in it may open that
 * file again: a JVM-wide set of held paths answers "held by this process" without touching the
 * file, and the holder is read and written only through the locking channel. The file is never
 * deleted (only emptied on release), so no other process can lock a file that is about to be
 * replaced.
 *
 * <p>The name is part of runlab's contract and carries no database name: two databases in one
 * folder share the lock of their experiments with equal ids (one waits for the other, exit 4). The
 * file names the holder's database, and so does the refusal.
 */
public final class ResumeLock implements RunLock {
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  /**
   * Held while this JVM opens a lock file to take it, and while it reads one to see who holds it: a
   * read that closed its channel just after this JVM took the OS lock would drop that lock.
   */
  private static final Object OPENING = new Object();

  private final Path file;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final String previousHolder;
  private boolean released;

  private ResumeLock(
      Path file, Path key, FileChannel channel, FileLock lock, String previousHolder) {
    this.file = file;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.previousHolder = previousHolder;
  }

  /** The lock file of an experiment whose database is {@code dbFile}. */
  public static Path fileFor(Path dbFile, long experimentId) {
    return dbFile
        .toAbsolutePath()
        .normalize()
        .getParent()
        .resolve(".resume_lock_" + experimentId + ".pid");
  }

  /** Whether this JVM holds the lock of experiment {@code experimentId} of {@code dbFile}. */
  public static boolean heldInThisJvm(Path dbFile, long experimentId) {
    return HELD_IN_THIS_JVM.contains(key(fileFor(dbFile, experimentId)));
  }

  /**
   * Takes the lock of experiment {@code experimentId}, or throws {@link LockHeldException} (exit 4)
   * naming the live holder's PID.
   */
  public static ResumeLock acquire(Path dbFile, long experimentId) {
    synchronized (OPENING) {
      return take(dbFile, experimentId);
    }
  }

  /**
   * Whether a live process holds the lock of experiment {@code experimentId}, as far as this
   * machine can tell, without taking it: this JVM, or the process whose PID the lock file names
   * (alive on this host). An empty or missing file, a dead PID, or a file naming another database
   * mean no one runs the experiment: a status of running is then a crash. A holder on another host
   * counts as live (its PID cannot be checked from here).
   */
  public static boolean heldByALiveProcess(Path dbFile, long experimentId) {
    synchronized (OPENING) {
      if (heldInThisJvm(dbFile, experimentId)) {
        return true;
      }
      List<String> lines;
      try {
        lines = java.nio.file.Files.readAllLines(fileFor(dbFile, experimentId));
      } catch (java.nio.file.NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        return true; // cannot tell: not a crash to report
      }
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        return false;
      }
      String host = field(lines, "host=");
      if (host != null && !host.equals(Hostname.get())) {
        return true;
      }
      String db = field(lines, "db=");
      if (db != null && !Path.of(db).equals(dbFile.toAbsolutePath().normalize())) {
        return false;
      }
      try {
        long pid = Long.parseLong(lines.get(0).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      } catch (NumberFormatException e) {
        return true;
      }
    }
  }

  private static String field(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).strip())
        .findFirst()
        .orElse(null);
  }

  private static ResumeLock take(Path dbFile, long experimentId) {
    Path file = fileFor(dbFile, experimentId);
    Path key = key(file);
    if (!HELD_IN_THIS_JVM.add(key)) {
      // never open the file here: closing a second channel would drop this JVM's OS lock
      throw held(file, experimentId, "this process (" + ProcessHandle.current().pid() + ")");
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // another channel of this JVM: cannot happen past the set, but be safe
      }
      if (lock == null) {
        String holder = describeHolder(readHolder(channel));
        channel.close();
        HELD_IN_THIS_JVM.remove(key);
        throw held(file, experimentId, holder);
      }
      String previous = summary(readHolder(channel));
      writeHolder(channel, dbFile, experimentId);
      return new ResumeLock(file, key, channel, lock, previous.isBlank() ? null : previous);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD_IN_THIS_JVM.remove(key);
      throw RunlabException.usage(
          "cannot create the lock file "
              + file
              + " ("
              + e.getMessage()
              + "); check that the"
              + " database folder is writable");
    } catch (RuntimeException e) {
      if (!(e instanceof LockHeldException)) {
        closeQuietly(channel);
        HELD_IN_THIS_JVM.remove(key);
      }
      throw e;
    }
  }

  /** The lock file by its folder's real path: one database reached by two paths is one lock. */
  private static Path key(Path file) {
    try {
      return file.getParent().toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      return file; // the folder does not exist yet: opening the file will say so
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

  private static String describeHolder(List<String> lines) {
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      return "another process";
    }
    StringBuilder text = new StringBuilder("process ").append(lines.get(0).strip());
    for (String line : lines) {
      if (line.startsWith("host=") || line.startsWith("db=")) {
        text.append(' ').append(line.strip());
      }
    }
    return text.toString();
  }

  /** PID and host of a holder, or "" for an empty file. */
  private static String summary(List<String> lines) {
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      return "";
    }
    String host = lines.size() > 1 ? lines.get(1).strip() : "";
    return lines.get(0).strip() + (host.isEmpty() ? "" : " " + host);
  }

  /** The file's lines, read through {@code channel} (never through a second channel). */
  private static List<String> readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // keep reading until the file or the buffer ends
    }
    String content = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    return content.lines().toList();
  }

  private static void writeHolder(FileChannel channel, Path dbFile, long experimentId)
      throws IOException {
    String content =
        ProcessHandle.current().pid()
            + "\n"
            + "host="
            + Hostname.get()
            + "\n"
            + "db="
            + dbFile.toAbsolutePath().normalize()
            + "\n"
            + "experiment="
            + experimentId
            + "\n"
            + "since="
            + Instant.now()
            + "\n";
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
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

  /** Empties the lock file and releases the OS lock. */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    try {
      // emptied while still held, so the next holder sees a clean release, not a dead process
      channel.truncate(0);
      channel.force(true);
      lock.release();
    } catch (IOException e) {
      // the OS releases the lock when the channel closes below
    } finally {
      closeQuietly(channel);
      HELD_IN_THIS_JVM.remove(key);
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
