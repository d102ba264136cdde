package dev.runlab.store;

import dev.runlab.RunlabException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One connection to a runlab database, with the schema brought to the newest version on open: a
 * SQLite file (WAL journal, a busy timeout, foreign keys; a backup before an older schema is
 * upgraded) or a PostgreSQL database (the same tables, the version kept in {@code runlab_schema};
 * backups there are the operator's, with {@code pg_dump}).
 *
 * <p>Not thread-safe: a connection belongs to one thread at a time. Each thread that writes or
 * reads (the run's writer, a status reader, the lab) opens its own {@code Database}; WAL lets
 * readers go on while the writer commits.
 */
public final class Database implements AutoCloseable {
  static final int BUSY_TIMEOUT_MS = 30_000;
  private static final DateTimeFormatter BACKUP_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The first key of runlab's PostgreSQL advisory locks (ASCII "runl"); the second is an id. */
  public static final int LOCK_KEY = 0x72756e6c;

  private final DbLocation location;
  private final Path file;
  private final Dialect dialect;
  private final Connection connection;

  private Database(Path file, Connection connection) {
    this.location = DbLocation.of(file);
    this.file = file;
    this.dialect = Dialect.SQLITE;
    this.connection = connection;
  }

  private Database(DbLocation.Postgres location, Connection connection) {
    this.location = location;
    this.file = null;
    this.dialect = Dialect.POSTGRES;
    this.connection = connection;
  }

  /**
   * Opens the database at {@code location}, creating (SQLite) or completing (PostgreSQL: runlab's
   * tables in an existing database) it, migrated to the newest schema.
   */
  public static Database open(DbLocation location, Clock clock) {
    if (location instanceof DbLocation.Postgres pg) {
      return migrated(new Database(pg, Postgres.connect(pg, "runlab")), clock);
    }
    return open(((DbLocation.SqliteFile) location).file(), clock);
  }

  /**
   * Opens the database at {@code location}, which must exist and (PostgreSQL) hold runlab's tables:
   * else a usage error (exit 2) naming it and how to create one, with nothing created.
   */
  public static Database openExisting(DbLocation location, Clock clock) {
    if (location instanceof DbLocation.Postgres pg) {
      Database db = new Database(pg, Postgres.connect(pg, "runlab"));
      if (db.schemaVersion() == 0) {
        db.close();
        throw missing(location);
      }
      return migrated(db, clock);
    }
    return openExisting(((DbLocation.SqliteFile) location).file(), clock);
  }

  /**
   * Whether runlab's database exists at {@code location} (a file; PostgreSQL: runlab's tables in
   * the database), without creating anything. A PostgreSQL server that cannot be reached is an
   * error naming it.
   */
  public static boolean exists(DbLocation location) {
    if (location instanceof DbLocation.Postgres pg) {
      try (Database db = new Database(pg, Postgres.connect(pg, "runlab"))) {
        return db.schemaVersion() > 0;
      }
    }
    return Files.isRegularFile(((DbLocation.SqliteFile) location).file());
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
    return missing(DbLocation.of(file));
  }

  /** The error of a command that needs a database where there is none. */
  public static RunlabException missing(DbLocation location) {
    if (location.isPostgres()) {
      return RunlabException.usage(
          "the PostgreSQL database "
              + location.display()
              + " holds no runlab tables yet; `runlab start CONFIG.yaml --db "
              + location.display()
              + "` creates them (or check the --db URL)");
    }
    return RunlabException.usage(
        "no database at "
            + location.display()
            + "; `runlab start CONFIG.yaml` or `runlab demo` creates one (or check the --db path)");
  }

  /** The newest schema version this build knows. */
  public static int latestSchemaVersion() {
    return Migrations.latest();
  }

  private static Database migrated(Database db, Clock clock) {
    try {
      Migrations.migrate(db, clock);
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

  /** The SQLite file; an IllegalStateException on PostgreSQL. */
  public Path file() {
    if (file == null) {
      throw new IllegalStateException("not a SQLite database: " + location.display());
    }
    return file;
  }

  public DbLocation location() {
    return location;
  }

  public Dialect dialect() {
    return dialect;
  }

  public boolean isPostgres() {
    return dialect == Dialect.POSTGRES;
  }

  public Connection connection() {
    return connection;
  }

  /** Upgrades an existing SQLite file to exactly {@code version}; for migration tests. */
  static void createAtVersion(Path file, int version) {
    try (Connection c = connect(file.toAbsolutePath(), true)) {
      Migrations.apply(new Database(file, c), 1, version);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public int schemaVersion() {
    if (isPostgres()) {
      if (queryInt(
              "SELECT count(*) FROM pg_tables WHERE tablename = 'runlab_schema'"
                  + " AND schemaname = current_schema()")
          == 0) {
        return 0;
      }
      return queryInt("SELECT max(version) FROM runlab_schema");
    }
    return queryInt("PRAGMA user_version");
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
    if (isPostgres()) {
      return Postgres.inTransaction(connection, work, location);
    }
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
      throw new StoreException("database " + location.display() + ": " + e.getMessage(), e);
    }
  }

  /** The row id of the last row this connection inserted ({@code last_insert_rowid()}). */
  public long lastInsertRowid() throws SQLException {
    try (Statement s = connection.createStatement();
        var rs = s.executeQuery(dialect.lastIdQuery())) {
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
    if (isPostgres()) {
      return;
    }
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

  /** Runs one statement that returns no rows. */
  public void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  int queryInt(String sql) {
    try (Statement s = connection.createStatement();
        var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw new StoreException("database " + location.display() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing database " + location.display() + ": " + e.getMessage(), e);
    }
  }
}
