package dev.runlab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The password of a PostgreSQL connection, found where libpq finds it: {@code PGPASSWORD}, else the
 * first matching line {@code hostname:port:database:username:password} of the password file ({@code
 * PGPASSFILE}, or {@code ~/.pgpass}); {@code *} matches anything, {@code \} escapes {@code :} and
 * {@code \}. Null when there is none (the server may not ask for one: trust authentication).
 */
final class PgPass {
  private PgPass() {}

  /**
   * The password found (null: none), and the password file left unread because others may read it
   * (null: none was), which a refused login names.
   */
  record Password(String value, Path ignoredFile) {}

  static String lookup(DbLocation.Postgres db, Map<String, String> env) {
    return find(db, env).value();
  }

  static Password find(DbLocation.Postgres db, Map<String, String> env) {
    String password = env.get("PGPASSWORD");
    if (password != null && !password.isEmpty()) {
      return new Password(password, null);
    }
    String file = env.get("PGPASSFILE");
    Path path =
        file != null && !file.isBlank()
            ? Path.of(file)
            : Path.of(System.getProperty("user.home"), ".pgpass");
    if (!Files.isRegularFile(path)) {
      return new Password(null, null);
    }
    try {
      if (othersMayRead(path)) {
        return new Password(null, path); // libpq ignores such a file too
      }
      for (String line : Files.readAllLines(path)) {
        String found = match(line, db);
        if (found != null) {
          return new Password(found, null);
        }
      }
    } catch (IOException e) {
      return new Password(null, null); // an unreadable file is no password, as with libpq
    }
    return new Password(null, null);
  }

  /** Whether the file gives its group or others any access (where the file system says so). */
  private static boolean othersMayRead(Path path) throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(path);
      return p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.GROUP_WRITE)
          || p.contains(PosixFilePermission.GROUP_EXECUTE)
          || p.contains(PosixFilePermission.OTHERS_READ)
          || p.contains(PosixFilePermission.OTHERS_WRITE)
          || p.contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (UnsupportedOperationException e) {
      return false; // no POSIX permissions (Windows): libpq does not check there either
    }
  }

  /** The password of {@code line} when its first four fields match {@code db}, else null. */
  static String match(String line, DbLocation.Postgres db) {
    if (line.isBlank() || line.stripLeading().startsWith("#")) {
      return null;
    }
    List<String> fields = split(line);
    if (fields.size() < 5) {
      return null;
    }
    String[] wanted = {db.host(), Integer.toString(db.port()), db.database(), db.user()};
    for (int i = 0; i < 4; i++) {
      String field = fields.get(i);
      if (!field.equals("*") && !field.equals(wanted[i])) {
        return null;
      }
    }
    return fields.get(4);
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        current.append(line.charAt(++i));
      } else if (c == ':' && fields.size() < 4) {
        fields.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    fields.add(current.toString());
    return fields;
  }
}
