package dev.runlab.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every request the stand-in server saw: in memory, and as JSONL when a file is given. Thread-safe.
 */
final class RequestLog implements AutoCloseable {
  private final List<FakeLlmServer.Logged> entries = new ArrayList<>(); // guarded by itself
  private final BufferedWriter writer; // guarded by entries

  RequestLog(Path file) throws IOException {
    this.writer =
        file == null
            ? null
            : Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  void add(FakeLlmServer.Logged entry) {
    synchronized (entries) {
      entries.add(entry);
      if (writer != null) {
        try {
          ObjectNode line = FakeAnswers.JSON.createObjectNode();
          line.put("at", entry.at().toString());
          line.put("api", entry.api());
          line.put("status", entry.status());
          line.put("outcome", entry.outcome());
          line.put("tokens", entry.tokens());
          line.put("prompt", entry.prompt());
          writer.write(FakeAnswers.JSON.writeValueAsString(line));
          writer.write('\n');
          writer.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  List<FakeLlmServer.Logged> copy() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  @Override
  public void close() {
    synchronized (entries) {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
