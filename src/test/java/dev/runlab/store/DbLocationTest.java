package dev.runlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runlab.ExitCode;
import dev.runlab.RunlabException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --db} as a PostgreSQL URL ({@code postgresql://[USER@]HOST[:PORT]/DATABASE}) or a SQLite
 * path: the defaults libpq has, and one usage error (exit 2) per malformed URL that names it and
 * never echoes a password.
 */
class DbLocationTest {
  private static final Path BASE = Path.of("/work/base");

  private static DbLocation.Postgres pg(String url) {
    DbLocation location = DbLocation.parse(url, BASE);
    assertThat(location).isInstanceOf(DbLocation.Postgres.class);
    return (DbLocation.Postgres) location;
  }

  private static RunlabException refused(String url) {
    RunlabException e =
        (RunlabException)
            org.assertj.core.api.Assertions.catchThrowable(() -> DbLocation.parse(url, BASE));
    assertThat(e).as(url).isNotNull();
    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
    return e;
  }

  @Test
  void fullUrl_givesEveryPart() {
    DbLocation.Postgres db = pg("postgresql://alice@db.example.org:6543/lab");
    assertThat(db).isEqualTo(new DbLocation.Postgres("alice", "db.example.org", 6543, "lab"));
    assertThat(db.isPostgres()).isTrue();
    assertThat(db.display()).isEqualTo("postgresql://alice@db.example.org:6543/lab");
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:6543/lab");
    assertThat(db.parts()).isEqualTo("host db.example.org, port 6543, user alice, database lab");
  }

  @Test
  void userAndPort_defaultAsWithLibpq() {
    DbLocation.Postgres db = pg("postgresql://db.example.org/lab");
    String pgUser = System.getenv("PGUSER");
    String expected =
        pgUser != null && !pgUser.isBlank() ? pgUser : System.getProperty("user.name");
    assertThat(db.user()).isEqualTo(expected);
    assertThat(db.port()).isEqualTo(5432);
    assertThat(db.display()).isEqualTo("postgresql://" + expected + "@db.example.org:5432/lab");
  }

  @Test
  void ipv6Host_inBrackets_isKeptBracketedInUrlsOnly() {
    DbLocation.Postgres db = pg("postgresql://bob@[::1]:5433/lab");
    assertThat(db.host()).isEqualTo("::1");
    assertThat(db.port()).isEqualTo(5433);
    assertThat(db.display()).isEqualTo("postgresql://bob@[::1]:5433/lab");
    assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/lab");
    assertThat(pg("postgresql://bob@[fe80::1:2]/lab").host()).isEqualTo("fe80::1:2");
    assertThat(pg("postgresql://bob@[fe80::1:2]/lab").port()).isEqualTo(5432);
  }

  @Test
  void postgresScheme_isAnAlias_andTheSchemeIgnoresCaseAndSurroundingSpace() {
    DbLocation.Postgres expected = new DbLocation.Postgres("bob", "h", 5432, "lab");
    assertThat(pg("postgres://bob@h/lab")).isEqualTo(expected);
    assertThat(pg("POSTGRESQL://bob@h/lab")).isEqualTo(expected);
    assertThat(pg("  postgresql://bob@h:5432/lab \n")).isEqualTo(expected);
    assertThat(DbLocation.looksLikeUrl("Postgres://x/y")).isTrue();
    assertThat(DbLocation.looksLikeUrl("data/postgres.db")).isFalse();
  }

  @Test
  void paths_areSqliteFiles_relativeOnesResolvedAgainstTheBase() {
    assertThat(DbLocation.parse("data/x.db", BASE))
        .isEqualTo(new DbLocation.SqliteFile(Path.of("/work/base/data/x.db")));
    assertThat(DbLocation.parse("/tmp/../tmp/y.db", BASE))
        .isEqualTo(new DbLocation.SqliteFile(Path.of("/tmp/y.db")));
    assertThat(DbLocation.parse("/tmp/y.db", BASE).isPostgres()).isFalse();
  }

  /** "postgresql://h/" was refused without the reason (the check wanted no '/' at all). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://bob@h",
        "postgresql://bob@h:5432",
        "postgresql://bob@h/",
        "postgresql://bob@h:5432/"
      })
  void missingDatabaseName_evenAfterATrailingSlash_isAUsageErrorSayingSo(String url) {
    assertThat(refused(url).getMessage())
        .contains("'" + url + "'", "the database name is missing", DbLocation.URL_FORM);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://alice:s3cr3t@h/lab",
        "postgresql://alice:s3cr3t@h:5432/lab?sslmode=require",
        "postgresql://:s3cr3t@h/lab",
        "postgresql://alice:s3cr3t@h"
      })
  void passwordInUrl_isRefusedWithoutEchoingIt(String url) {
    assertThat(refused(url).getMessage())
        .contains("PGPASSWORD", "~/.pgpass")
        .doesNotContain("s3cr3t");
  }

  /** The redaction stopped at the first '/' or '@' of the password and echoed the rest. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://alice:s3/cr3t@h/lab",
        "postgresql://alice:s3@cr3t@h/lab",
        "postgresql://alice:s3@cr3t@h:5432/lab?sslmode=require"
      })
  void passwordHoldingSlashOrAt_isNotEchoedEither(String url) {
    assertThat(refused(url).getMessage())
        .contains("postgresql://alice:***@h", "PGPASSWORD")
        .doesNotContain("s3", "cr3t");
  }

  @Test
  void passwordInUrl_saysSo() {
    assertThat(refused("postgresql://alice:s3cr3t@h/lab").getMessage())
        .contains("postgresql://alice:***@h/lab", "holds a password");
  }

  @Test
  void connectionParameters_areRefused() {
    String url = "postgresql://bob@h/lab?sslmode=require";
    assertThat(refused(url).getMessage())
        .contains("'" + url + "'", "connection parameters (?...) are not accepted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "99999"})
  void portOutOfRange_isRefusedNamingIt(String port) {
    String url = "postgresql://bob@h:" + port + "/lab";
    assertThat(refused(url).getMessage())
        .contains("'" + url + "'", "port " + port, "not 1 to 65535");
  }

  @Test
  void portBounds_areAccepted() {
    assertThat(pg("postgresql://bob@h:1/lab").port()).isEqualTo(1);
    assertThat(pg("postgresql://bob@h:65535/lab").port()).isEqualTo(65_535);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "postgresql://bob@h:123456/lab",
        "postgresql://bob@h:abc/lab",
        "postgresql://bob@h/lab/extra",
        "postgresql://bob@::1/lab",
        "postgresql:bob@h/lab",
        "postgresql://bob@h lab/x"
      })
  void otherMalformedUrls_areUsageErrorsNamingThemAndTheForm(String url) {
    assertThat(refused(url).getMessage())
        .contains("'" + url + "'", "does not parse", DbLocation.URL_FORM);
  }

  @Test
  void aPasswordIsNeverPartOfTheLocation() {
    assertThatThrownBy(() -> DbLocation.parse("postgresql://a:b@h/d", BASE))
        .isInstanceOf(RunlabException.class);
    assertThat(pg("postgresql://a@h/d").toString()).isEqualTo("postgresql://a@h:5432/d");
  }
}
