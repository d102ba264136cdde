package dev.runlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code runlab} launcher script, copied into a folder of its own with stand-ins for {@code
 * mvn} (which writes colour codes, as Maven 3.8 does in batch mode, and the jar) and {@code java}:
 * its first build leaves no escape sequence on stderr, and a failed build says so and exits 1.
 */
class LauncherScriptTest {
  @TempDir Path home;

  private Process launch(String mvnScript) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash runs the launcher");
    Path launcher = Path.of(System.getProperty("user.dir")).resolve("runlab");
    Files.copy(launcher, home.resolve("runlab"));
    Files.createDirectories(home.resolve("src/main"));
    Files.writeString(home.resolve("pom.xml"), "<project/>");
    Path bin = Files.createDirectories(home.resolve("bin"));
    executable(bin.resolve("mvn"), mvnScript);
    Path jdk = Files.createDirectories(home.resolve("jdk/bin"));
    executable(jdk.resolve("java"), "#!/bin/bash\necho \"java ran with: ${*: -1}\"\n");
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", home.resolve("runlab").toString(), "--x");
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    pb.environment().put("JAVA_HOME", home.resolve("jdk").toString());
    pb.environment().remove("JAVA_OPTS");
    return pb.start();
  }

  private static void executable(Path file, String content) throws Exception {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void theFirstBuild_leavesNoEscapeCodesOnStderr() throws Exception {
    Process p =
        launch(
            "#!/bin/bash\n"
                + "printf '\\033[0m\\033[0m'\n"
                + "printf '\\033[1;31mnote\\033[m from maven\\n' >&2\n"
                + "mkdir -p target && touch target/runlab.jar\n"
                + "printf '\\033[0m\\033[0m'\n");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(err).isZero();
    assertThat(out).isEqualTo("java ran with: --x\n");
    assertThat(err)
        .contains("runlab: building target/runlab.jar")
        .contains("note from maven")
        .doesNotContain("\u001b");
  }

  @Test
  void aFailedBuild_saysSo_andExits1() throws Exception {
    Process p = launch("#!/bin/bash\nprintf '\\033[0mERROR compiling\\n'\nexit 1\n");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err)
        .contains("ERROR compiling")
        .contains("the build failed")
        .doesNotContain("\u001b");
  }
}
