package dev.runlab.store;

import dev.runlab.RunlabException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One connection to a runlab SQLite database: WAL journal, a busy timeout, foreign keys, and the
 * schema brought to the newest version on open (after a backup when an older schema is upgraded).
 *
 * <p>Not thread-safe: a connection belongs to one thread at a time. Each thread that writes or
 * reads (the run's writer, a status reader, the lab) opens its own {@code Database}; WAL lets
 * readers go on while the writer commits.
 */
public final class Database implements AutoCloseable {
  static final int BUSY_TIMEOUT_MS = 30_000;
  private static final String MIGRATIONS = "/db/migration/V%d.sql";
  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path file;
  private final Connection connection;

  private Database(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the database at {@code file} and migrates it to the newest schema.
   * Only what creates experiments ({@code start}, {@code demo}) calls this; every other command
   * reads with {@link #openExisting}.
   */
  public static Database open(Path file) {
    return open(file, Clock.systemUTC());
  }

  public static Database open(Path file, Clock clock) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw RunlabException.usage(
          "cannot create the folder of database " + absolute + ": " + e.getMessage());
    }
    return migrated(new Database(absolute, connect(absolute, true)), clock);
  }

  /**
   * Opens the database at {@code file}, which must exist (an older schema is upgraded): a usage
   * error (exit 2) naming the path and how to create one when there is none, and nothing is created
   * (a typo in {@code --db} must not leave an empty database behind).
   */
  public static Database openExisting(Path file, Clock clock) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw missing(absolute);
    }
    return migrated(new Database(absolute, connect(absolute, false)), clock);
  }

  /** The error of a command that needs a database where there is none. */
  public static RunlabException missing(Path file) {
    return RunlabException.usage(
        "no database at "
            + file.toAbsolutePath().normalize()
            + "; `runlab start CONFIG.yaml` or `runlab demo` creates one (or check the --db path)");
  }

  private static Database migrated(Database db, Clock clock) {
    try {
      db.migrate(clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static Connection connect(Path file, boolean create) {
    SQLiteConfig config = new SQLiteConfig();
    if (!create) {
      // a file deleted since the caller looked is an error, not a new empty database
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    // no "SELECT last_insert_rowid()" after every INSERT (the driver's default, a statement
    // prepared and run per execution: per chunk of results on a run's writer); the two inserts
    // that need their new row's id ask for it (lastInsertRowid)
    config.setGetGeneratedKeys(false);
    // 32 MB of page cache: a run's writer keeps the result table's B-tree pages in memory
    config.setCacheSize(-32_768);
    try {
      return config.createConnection("jdbc:sqlite:" + file);
    } catch (SQLException e) {
      throw RunlabException.usage(
          "cannot open database " + file + " (" + e.getMessage() + "); check the --db path");
    }
  }

  public Path file() {
    return file;
  }

  public Connection connection() {
    return connection;
  }

  /** The newest schema version this build knows. */
  public static int latestSchemaVersion() {
    int version = 0;
    while (Database.class.getResource(String.format(MIGRATIONS, version + 1)) != null) {
      version++;
    }
    return version;
  }

  public int schemaVersion() {
    return queryInt("PRAGMA user_version");
  }

  private void migrate(Clock clock) {
    int latest = latestSchemaVersion();
    int current = schemaVersion();
    if (current == latest) {
      return;
    }
    if (current > latest) {
      throw RunlabException.usage(
          file
              + " has schema version "
              + current
              + " but this runlab knows only up to "
              + latest
              + "; use a newer runlab for this database");
    }
    if (current > 0) {
      backup("migration_backup_v" + current, clock, Integer.MAX_VALUE);
    }
    inTransaction(
        () -> {
          // another process may have migrated between our check and our write lock
          for (int v = schemaVersion() + 1; v <= latest; v++) {
            for (String sql : statements(String.format(MIGRATIONS, v))) {
              execute(sql);
            }
            execute("PRAGMA user_version = " + v);
          }
          return null;
        });
  }

  /** Upgrades an existing database to exactly {@code version}; for migration tests. */
  static void createAtVersion(Path file, int version) {
    try (Connection c = connect(file.toAbsolutePath(), true)) {
      Database db = new Database(file, c);
      for (int v = 1; v <= version; v++) {
        for (String sql : statements(String.format(MIGRATIONS, v))) {
          db.execute(sql);
        }
        db.execute("PRAGMA user_version = " + v);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> statements(String resource) {
    String script;
    try (InputStream in = Database.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + resource);
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(current.toString());
        current.setLength(0);
      }
    }
    return statements;
  }

  /**
   * Copies the database (WAL included) to {@code <db-file-name>.<kind>_<timestamp>} in the same
   * folder with {@code VACUUM INTO}, then deletes the oldest such copies beyond {@code keep}.
   */
  public Path backup(String kind, Clock clock, int keep) {
    String name = file.getFileName() + "." + kind + "_" + BACKUP_STAMP.format(clock.instant());
    Path target = file.resolveSibling(name);
    for (int n = 2; Files.exists(target); n++) {
      target = file.resolveSibling(name + "-" + n); // two backups within one millisecond
    }
    try (PreparedStatement ps = connection.prepareStatement("VACUUM INTO ?")) {
      ps.setString(1, target.toString());
      ps.execute();
    } catch (SQLException e) {
      throw RunlabException.failure(
          "could not back up "
              + file
              + " to "
              + target
              + ": "
              + e.getMessage()
              + "; check free disk space",
          e);
    }
    pruneBackups(kind, keep);
    return target;
  }

  private void pruneBackups(String kind, int keep) {
    String prefix = file.getFileName() + "." + kind + "_";
    try (var listing = Files.list(file.getParent())) {
      List<Path> backups =
          listing.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
      for (int i = 0; i < backups.size() - keep; i++) {
        Files.deleteIfExists(backups.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prune old backups next to " + file, e);
    }
  }

  /** A unit of work run inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction (the write lock is taken at the
   * start, so a busy database waits up to the busy timeout instead of failing mid-way), committed
   * when it returns and rolled back when it throws.
   */
  public <T> T inTransaction(Work<T> work) {
    try {
      connection.setAutoCommit(true);
      execute("BEGIN IMMEDIATE");
      boolean done = false;
      try {
        T result = work.run();
        execute("COMMIT");
        done = true;
        return result;
      } finally {
        if (!done) {
          rollbackQuietly();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("database " + file + ": " + e.getMessage(), e);
    }
  }

  /** The row id of the last row this connection inserted ({@code last_insert_rowid()}). */
  public long lastInsertRowid() throws SQLException {
    try (Statement s = connection.createStatement();
        var rs = s.executeQuery("SELECT last_insert_rowid()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Copies the pages of the write-ahead log into the database file as far as readers allow, without
   * waiting for them ({@code PRAGMA wal_checkpoint(PASSIVE)}). Called after a large load, so that
   * the run's first commit does not inherit the copy of tens of MB.
   */
  public void checkpoint() {
    try {
      execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      throw new StoreException("database " + file + ": " + e.getMessage(), e);
    }
  }

  private void rollbackQuietly() {
    try (Statement s = connection.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the transaction is gone already (e.g. SQLite rolled it back on an I/O error)
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  int queryInt(String sql) {
    try (Statement s = connection.createStatement();
        var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw new StoreException("database " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing database " + file + ": " + e.getMessage(), e);
    }
  }
}
