package dev.runlab.kernel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlab.RunlabException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * The connection file Jupyter writes for a kernel it starts: transport, address, the five ports and
 * the key that signs messages. Read with one clear error (exit 2) naming the file and what is wrong
 * with it. Immutable.
 */
record ConnectionFile(Path file, KernelConnectionProperties properties) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] PORTS = {
    "shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"
  };

  static ConnectionFile read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw RunlabException.usage(
          "the connection file "
              + file
              + " does not exist; Jupyter writes it and starts the kernel with --connection-file"
              + " (install the kernel with `runlab kernel install`)");
    } catch (IOException e) {
      throw RunlabException.usage(
          "cannot read the connection file " + file + " (" + e.getMessage() + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw malformed(file, "it is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed(file, "it is not a JSON object");
    }
    return new ConnectionFile(file, properties(file, root));
  }

  private static KernelConnectionProperties properties(Path file, JsonNode root) {
    String transport = text(file, root, "transport", "tcp");
    if (!transport.equals("tcp") && !transport.equals("ipc")) {
      throw malformed(file, "transport is \"" + transport + "\"; tcp or ipc is expected");
    }
    String ip = text(file, root, "ip", null);
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String name : PORTS) {
      JsonNode port = root.get(name);
      if (port == null || !port.canConvertToInt() || port.asInt() < 1 || port.asInt() > 65535) {
        throw malformed(file, name + " is " + port + "; a port number 1-65535 is expected");
      }
      ports.put(name, port.asInt());
    }
    String key = text(file, root, "key", "");
    String scheme = text(file, root, "signature_scheme", "hmac-sha256");
    KernelConnectionProperties properties =
        new KernelConnectionProperties(
            ip,
            ports.get("control_port"),
            ports.get("shell_port"),
            ports.get("stdin_port"),
            ports.get("hb_port"),
            ports.get("iopub_port"),
            transport,
            scheme,
            key);
    try {
      properties.createHMACGenerator();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw malformed(file, "signature_scheme \"" + scheme + "\" cannot sign (" + e + ")");
    }
    return properties;
  }

  private static String text(Path file, JsonNode root, String name, String fallback) {
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        throw malformed(file, name + " is missing");
      }
      return fallback;
    }
    if (!value.isTextual() || (fallback == null && value.asText().isBlank())) {
      throw malformed(file, name + " is " + value + "; a text is expected");
    }
    return value.asText();
  }

  private static RunlabException malformed(Path file, String what) {
    return RunlabException.usage(
        "the connection file " + file + " is not a Jupyter connection file: " + what);
  }

  /**
   * Checks that each TCP port can be listened on, so that a busy one is named (the ZeroMQ error
   * does not say which). Exit 2 naming the port and the file otherwise.
   */
  void checkPortsFree() {
    if (!properties.getTransport().equals("tcp")) {
      return;
    }
    String ip = properties.getIp();
    String host = ip.equals("*") ? "0.0.0.0" : ip;
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("shell_port", properties.getShellPort());
    ports.put("iopub_port", properties.getIopubPort());
    ports.put("stdin_port", properties.getStdinPort());
    ports.put("control_port", properties.getControlPort());
    ports.put("hb_port", properties.getHbPort());
    ports.forEach(
        (name, port) -> {
          try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
          } catch (IOException e) {
            throw RunlabException.usage(
                "cannot listen on "
                    + ip
                    + ":"
                    + port
                    + " ("
                    + name
                    + " of "
                    + file
                    + "): "
                    + e.getMessage()
                    + "; another process holds the port, or the address is not this machine's");
          }
        });
  }
}
