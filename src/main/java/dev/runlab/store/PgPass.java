package dev.runlab.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The password of a PostgreSQL connection, found where libpq finds it: {@code PGPASSWORD}, else the
 * first matching line {@code hostname:port:database:username:password} of the password file ({@code
 * PGPASSFILE}, or {@code ~/.pgpass}); {@code *} matches anything, {@code \} escapes {@code :} and
 * {@code \}. Null when there is none (the server may not ask for one: trust authentication).
 */
final class PgPass {
  private PgPass() {}

  static String lookup(DbLocation.Postgres db, Map<String, String> env) {
    String password = env.get("PGPASSWORD");
    if (password != null && !password.isEmpty()) {
      return password;
    }
    String file = env.get("PGPASSFILE");
    Path path =
        file != null && !file.isBlank()
            ? Path.of(file)
            : Path.of(System.getProperty("user.home"), ".pgpass");
    if (!Files.isRegularFile(path)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(path)) {
        String found = match(line, db);
        if (found != null) {
          return found;
        }
      }
    } catch (IOException e) {
      return null; // an unreadable file is no password, as with libpq
    }
    return null;
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
