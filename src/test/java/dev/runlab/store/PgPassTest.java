package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password of a PostgreSQL connection, found as libpq finds it: {@code PGPASSWORD}, else the
 * first matching line of the password file ({@code PGPASSFILE} here, a temporary file).
 */
class PgPassTest {
  private static final DbLocation.Postgres LAB = new DbLocation.Postgres("bob", "db1", 5432, "lab");

  @TempDir Path dir;

  private Map<String, String> passFile(String... lines) throws IOException {
    Path file = dir.resolve("pgpass");
    Files.writeString(file, String.join("\n", lines) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return Map.of("PGPASSFILE", file.toString());
  }

  @Test
  void aFileItsGroupOrOthersMayRead_isNotRead_andNamedForTheRefusal() throws IOException {
    Map<String, String> env = passFile("*:*:*:*:secret");
    Path file = Path.of(env.get("PGPASSFILE"));
    for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
      PgPass.Password found = PgPass.find(LAB, env);
      assertThat(found.value()).as(mode).isNull();
      assertThat(found.ignoredFile()).as(mode).isEqualTo(file);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertThat(PgPass.find(LAB, env)).isEqualTo(new PgPass.Password("secret", null));
  }

  @Test
  void aRefusedLogin_namesTheIgnoredFile_andHowToFixIt() {
    Path file = dir.resolve("pgpass");
    String message =
        Postgres.connectionError(
                LAB, new java.sql.SQLException("password authentication failed", "28P01"), file)
            .getMessage();
    assertThat(message).contains("refused the login", file + " was not read", "chmod 600 " + file);
  }

  @Test
  void pgpassword_winsOverTheFile() throws IOException {
    Map<String, String> env =
        Map.of(
            "PGPASSWORD",
            "from-env",
            "PGPASSFILE",
            passFile("*:*:*:*:from-file").get("PGPASSFILE"));
    assertThat(PgPass.lookup(LAB, env)).isEqualTo("from-env");
  }

  @Test
  void emptyPgpassword_fallsBackToTheFile() throws IOException {
    Map<String, String> env =
        Map.of("PGPASSWORD", "", "PGPASSFILE", passFile("*:*:*:*:from-file").get("PGPASSFILE"));
    assertThat(PgPass.lookup(LAB, env)).isEqualTo("from-file");
  }

  @Test
  void theFirstLineMatchingHostPortDatabaseAndUser_givesThePassword() throws IOException {
    Map<String, String> env =
        passFile(
            "db2:5432:lab:bob:other-host",
            "db1:5433:lab:bob:other-port",
            "db1:5432:lab2:bob:other-database",
            "db1:5432:lab:alice:other-user",
            "db1:5432:lab:bob:exact",
            "*:*:*:*:later");
    assertThat(PgPass.lookup(LAB, env)).isEqualTo("exact");
  }

  @Test
  void aStar_matchesAnyValueOfItsField() throws IOException {
    assertThat(PgPass.lookup(LAB, passFile("*:5432:lab:bob:any-host"))).isEqualTo("any-host");
    assertThat(PgPass.lookup(LAB, passFile("db1:*:lab:bob:any-port"))).isEqualTo("any-port");
    assertThat(PgPass.lookup(LAB, passFile("db1:5432:*:bob:any-db"))).isEqualTo("any-db");
    assertThat(PgPass.lookup(LAB, passFile("db1:5432:lab:*:any-user"))).isEqualTo("any-user");
    assertThat(PgPass.lookup(LAB, passFile("*:*:*:*:anything"))).isEqualTo("anything");
    assertThat(PgPass.lookup(LAB, passFile("db*:5432:lab:bob:not-a-glob"))).isNull();
  }

  @Test
  void backslash_escapesColonAndBackslash_inFieldsAndPassword() throws IOException {
    assertThat(PgPass.lookup(LAB, passFile("db1:5432:lab:bob:a\\:b\\\\c"))).isEqualTo("a:b\\c");
    DbLocation.Postgres ipv6 = new DbLocation.Postgres("bob", "::1", 5432, "lab");
    assertThat(PgPass.lookup(ipv6, passFile("\\:\\:1:5432:lab:bob:v6"))).isEqualTo("v6");
    DbLocation.Postgres odd = new DbLocation.Postgres("b:o\\b", "db1", 5432, "l:ab");
    assertThat(PgPass.lookup(odd, passFile("db1:5432:l\\:ab:b\\:o\\\\b:odd"))).isEqualTo("odd");
  }

  @Test
  void commentsBlankLinesAndShortLines_areSkipped() throws IOException {
    Map<String, String> env =
        passFile(
            "# db1:5432:lab:bob:commented-out",
            "",
            "   ",
            "db1:5432:lab:bob",
            "db1:5432:lab:bob:after-comments");
    assertThat(PgPass.lookup(LAB, env)).isEqualTo("after-comments");
  }

  @Test
  void crlfLineEndings_areNotPartOfThePassword() throws IOException {
    Path file = dir.resolve("pgpass-crlf");
    Files.writeString(file, "db1:5432:lab:bob:windows\r\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(PgPass.lookup(LAB, Map.of("PGPASSFILE", file.toString()))).isEqualTo("windows");
  }

  @Test
  void noMatchingLineOrNoFile_isNoPassword() throws IOException {
    assertThat(PgPass.lookup(LAB, passFile("db2:*:*:*:elsewhere"))).isNull();
    assertThat(PgPass.lookup(LAB, Map.of("PGPASSFILE", dir.resolve("absent").toString()))).isNull();
    assertThat(PgPass.lookup(LAB, Map.of("PGPASSFILE", dir.toString()))).isNull();
  }
}
