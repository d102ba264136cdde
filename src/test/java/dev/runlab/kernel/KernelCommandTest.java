package dev.runlab.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.testsupport.ChildJvm;
import dev.runlab.testsupport.InProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** {@code runlab kernel install|uninstall}, and the kernel's refusals before it starts. */
class KernelCommandTest {
  @TempDir Path dir;

  @Test
  void install_writesTheKernelspecAndUninstallRemovesIt() throws Exception {
    Path prefix = dir.resolve("prefix");
    Path db = dir.resolve("lab.db");

    ChildJvm.Result installed =
        InProcess.runlab("kernel", "install", "--prefix", prefix.toString(), "--db", db.toString());

    assertThat(installed.code()).as(installed.toString()).isZero();
    Path file = prefix.resolve("share/jupyter/kernels/runlab/kernel.json");
    assertThat(installed.out()).contains(file.toString()).contains("runlab kernel uninstall");
    JsonNode spec = new ObjectMapper().readTree(file.toFile());
    assertThat(spec.get("display_name").asText()).isEqualTo("runlab (Java)");
    assertThat(spec.get("language").asText()).isEqualTo("java");
    assertThat(spec.get("interrupt_mode").asText()).isEqualTo("message");
    String argv = spec.get("argv").toString();
    assertThat(spec.get("argv").get(0).asText()).endsWith("java");
    assertThat(argv)
        .contains("\"kernel\",\"--connection-file\",\"{connection_file}\"")
        .contains("\"--db\",\"" + db.toAbsolutePath() + "\"")
        .contains("-Drunlab.home=");

    ChildJvm.Result removed =
        InProcess.runlab("kernel", "uninstall", "--prefix", prefix.toString());
    assertThat(removed.code()).as(removed.toString()).isZero();
    assertThat(file.getParent()).doesNotExist();

    ChildJvm.Result again = InProcess.runlab("kernel", "uninstall", "--prefix", prefix.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("there is no kernelspec runlab").contains("it has none");
  }

  @Test
  void install_onAPostgresStore_passesItsUrlToEveryKernel() throws Exception {
    Path prefix = dir.resolve("prefix-pg");
    String url = "postgresql://alice@db.example.org:5433/team";

    ChildJvm.Result installed =
        InProcess.runlab("kernel", "install", "--prefix", prefix.toString(), "--db", url);

    assertThat(installed.code()).as(installed.toString()).isZero();
    JsonNode spec =
        new ObjectMapper()
            .readTree(prefix.resolve("share/jupyter/kernels/runlab/kernel.json").toFile());
    assertThat(spec.get("argv").toString()).contains("\"--db\",\"" + url + "\"");
  }

  @Test
  void install_refusesAFolderItCannotWriteAndABadName() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");

    ChildJvm.Result r = InProcess.runlab("kernel", "install", "--prefix", notAFolder.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot write the kernelspec to " + notAFolder);

    ChildJvm.Result name =
        InProcess.runlab("kernel", "install", "--prefix", dir.toString(), "--name", "a b");
    assertThat(name.code()).isEqualTo(2);
    assertThat(name.err()).contains("kernel name \"a b\" is not allowed");

    ChildJvm.Result both =
        InProcess.runlab("kernel", "install", "--user", "--prefix", dir.toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--user and --prefix exclude each other");
  }

  @Test
  void kernel_refusesAMissingOrMalformedConnectionFileNamingIt() throws Exception {
    Path missing = dir.resolve("missing.json");
    ChildJvm.Result none = InProcess.runlab("kernel", "--connection-file", missing.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains(missing.toString()).contains("does not exist");

    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"ip\": ");
    ChildJvm.Result notJson = InProcess.runlab("kernel", "--connection-file", broken.toString());
    assertThat(notJson.code()).isEqualTo(2);
    assertThat(notJson.err()).contains(broken.toString()).contains("is not JSON");

    Path noPort =
        Files.writeString(
            dir.resolve("noport.json"),
            "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"shell_port\": 1, \"key\": \"k\"}");
    ChildJvm.Result port = InProcess.runlab("kernel", "--connection-file", noPort.toString());
    assertThat(port.code()).isEqualTo(2);
    assertThat(port.err()).contains("iopub_port is null");

    ChildJvm.Result bare = InProcess.runlab("kernel");
    assertThat(bare.code()).isEqualTo(2);
    assertThat(bare.err()).contains("needs --connection-file");
  }

  @Test
  void kernel_refusesAPortThatIsTakenNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path file =
          Files.writeString(
              dir.resolve("kernel.json"),
              """
              {"ip": "127.0.0.1", "transport": "tcp", "signature_scheme": "hmac-sha256",
               "key": "secret", "shell_port": %d, "iopub_port": %d, "stdin_port": %d,
               "control_port": %d, "hb_port": %d}
              """
                  .formatted(free(), port, free(), free(), free()));

      ChildJvm.Result r = InProcess.runlab("kernel", "--connection-file", file.toString());

      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .contains("127.0.0.1:" + port)
          .contains("iopub_port")
          .contains(file.toString());
    }
  }

  @Test
  void kernel_answersTheHeartbeatAndSigtermStopsItWith130() throws Exception {
    int hb = free();
    Path file =
        Files.writeString(
            dir.resolve("kernel.json"),
            """
            {"ip": "127.0.0.1", "transport": "tcp", "signature_scheme": "hmac-sha256",
             "key": "secret", "shell_port": %d, "iopub_port": %d, "stdin_port": %d,
             "control_port": %d, "hb_port": %d}
            """
                .formatted(free(), free(), free(), free(), hb));
    ChildJvm kernel =
        ChildJvm.start(
            dir,
            "kernel",
            "--connection-file",
            file.toString(),
            "--db",
            dir.resolve("lab.db").toString());
    try (ZContext context = new ZContext();
        ZMQ.Socket heartbeat = context.createSocket(SocketType.REQ)) {
      heartbeat.setReceiveTimeOut(60_000);
      heartbeat.connect("tcp://127.0.0.1:" + hb);
      heartbeat.send("ping");
      assertThat(heartbeat.recvStr()).as(kernel.stderr()).isEqualTo("ping");
    }

    kernel.signal("TERM");

    assertThat(kernel.waitFor(Duration.ofSeconds(60))).isEqualTo(130);
    assertThat(kernel.stderr()).contains("SIGTERM; pausing its runs and stopping");
  }

  private static int free() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
