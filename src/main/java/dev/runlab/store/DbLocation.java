package dev.runlab.store;

import dev.runlab.RunlabException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where runlab's tables live: a SQLite file (the embedded default) or a PostgreSQL database named
 * by {@code postgresql://[USER@]HOST[:PORT]/DATABASE}. A PostgreSQL password is never part of the
 * location: it comes from {@code PGPASSWORD} or {@code ~/.pgpass} when connecting ({@link PgPass}),
 * so it is never stored, logged or printed.
 */
public sealed interface DbLocation permits DbLocation.SqliteFile, DbLocation.Postgres {

  /** What messages name: the file's absolute path, or the URL (without a password). */
  String display();

  /** Whether this is a shared PostgreSQL store. */
  default boolean isPostgres() {
    return this instanceof Postgres;
  }

  /**
   * The folder of a run's log files ({@code logs/experiment-<id>.log}) and, for SQLite, its lock
   * files: the database file's folder, or for PostgreSQL the working directory.
   */
  Path folder();

  /** A SQLite database file (absolute and normalised). */
  record SqliteFile(Path file) implements DbLocation {
    public SqliteFile {
      file = file.toAbsolutePath().normalize();
    }

    @Override
    public String display() {
      return file.toString();
    }

    @Override
    public Path folder() {
      return file.getParent();
    }

    @Override
    public String toString() {
      return display();
    }
  }

  /** A PostgreSQL database. */
  record Postgres(String user, String host, int port, String database) implements DbLocation {
    public static final int DEFAULT_PORT = 5432;

    @Override
    public String display() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return "postgresql://" + user + "@" + h + ":" + port + "/" + database;
    }

    /** The JDBC URL (user and password go as connection properties). */
    public String jdbcUrl() {
      String h = host.contains(":") ? "[" + host + "]" : host;
      return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** "host H, port P, user U, database D": what a connection error names. */
    public String parts() {
      return "host " + host + ", port " + port + ", user " + user + ", database " + database;
    }

    @Override
    public Path folder() {
      return Path.of("").toAbsolutePath();
    }

    @Override
    public String toString() {
      return display();
    }
  }

  /** A SQLite file. */
  static DbLocation of(Path file) {
    return new SqliteFile(file);
  }

  /** Whether {@code text} is meant as a PostgreSQL URL rather than a file path. */
  static boolean looksLikeUrl(String text) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql:") || lower.startsWith("postgres:");
  }

  /**
   * {@code text} as a location: a PostgreSQL URL, or a file path resolved against {@code base} when
   * relative. A URL that does not parse is a usage error (exit 2) naming it and the form expected.
   */
  static DbLocation parse(String text, Path base) {
    if (looksLikeUrl(text)) {
      return parseUrl(text.strip());
    }
    Path path = Path.of(text);
    return new SqliteFile(path.isAbsolute() || base == null ? path : base.resolve(path));
  }

  /** The URL forms accepted, for error messages. */
  String URL_FORM = "postgresql://[USER@]HOST[:PORT]/DATABASE";

  private static Postgres parseUrl(String url) {
    Pattern form =
        Pattern.compile(
            "(?i:postgres(?:ql)?)://(?:([^@/:?#\\s]+)(:[^@/]*)?@)?"
                + "(\\[[0-9A-Fa-f:.]+\\]|[^:/?#@\\[\\]\\s]+)(?::(\\d{1,5}))?/([^/?#\\s]+)");
    Matcher m = form.matcher(url);
    if (!m.matches()) {
      String why =
          url.contains("?")
              ? "; connection parameters (?...) are not accepted"
              : url.matches("(?i)postgres(ql)?://[^/]*/?") ? "; the database name is missing" : "";
      throw RunlabException.usage(
          "the database URL '"
              + redacted(url)
              + "' does not parse"
              + why
              + "; write it as "
              + URL_FORM
              + " (a password goes in PGPASSWORD or ~/.pgpass, never in the URL)");
    }
    if (m.group(2) != null) {
      throw RunlabException.usage(
          "the database URL '"
              + redacted(url)
              + "' holds a password; runlab takes a PostgreSQL password only from PGPASSWORD or"
              + " ~/.pgpass, so that it is never stored or printed — write the URL as "
              + URL_FORM);
    }
    int port = Postgres.DEFAULT_PORT;
    if (m.group(4) != null) {
      port = Integer.parseInt(m.group(4));
      if (port < 1 || port > 65_535) {
        throw RunlabException.usage(
            "the database URL '" + url + "' has port " + port + ", which is not 1 to 65535");
      }
    }
    String host = m.group(3);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    String user = m.group(1) != null ? m.group(1) : defaultUser();
    return new Postgres(user, host, port, m.group(5));
  }

  /** libpq's default user: {@code PGUSER}, else the operating system's user name. */
  private static String defaultUser() {
    String pgUser = System.getenv("PGUSER");
    return pgUser != null && !pgUser.isBlank() ? pgUser : System.getProperty("user.name");
  }

  /**
   * The URL with what follows the user up to the last '@' masked, for messages: a password may hold
   * '/' or '@' itself, so no part of it may be echoed.
   */
  private static String redacted(String url) {
    int start = url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    int colon = url.indexOf(':', start);
    if (start < 3 || colon < 0 || at < colon || url.substring(start, colon).contains("[")) {
      return url;
    }
    return url.substring(0, colon + 1) + "***" + url.substring(at);
  }
}
