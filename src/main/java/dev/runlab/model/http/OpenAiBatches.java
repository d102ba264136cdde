package dev.runlab.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlab.model.BatchApi;
import dev.runlab.model.BatchApiException;
import dev.runlab.model.BatchLine;
import dev.runlab.model.BatchState;
import dev.runlab.model.ErrorCategory;
import dev.runlab.model.ModelReply;
import dev.runlab.model.ModelRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Batch API: the input is a JSONL file of {@code {"custom_id", "method": "POST", "url":
 * "/v1/chat/completions", "body"}} lines, uploaded with {@code POST /files} (purpose {@code
 * batch}); {@code POST /batches} with {@code completion_window: 24h} and metadata naming the
 * experiment and the submission; polled with {@code GET /batches/{id}}; listed with {@code GET
 * /batches?limit=&after=}; results in the output and error files ({@code GET /files/{id}/content}).
 * Thread-safe.
 */
public final class OpenAiBatches implements BatchApi {
  /** At most 50,000 requests per input file. */
  public static final int MAX_REQUESTS = 50_000;

  /** At most 200 MB per input file (counted as 200,000,000 bytes, to stay under either MB). */
  public static final long MAX_BYTES = 200_000_000L;

  static final String SUBMISSION_KEY = "runlab_submission";
  static final String EXPERIMENT_KEY = "runlab_experiment";
  private static final String ENDPOINT = "/v1/chat/completions";
  private static final byte[] NEWLINE = {'\n'};

  private final OpenAiClient online;
  private final URI base;
  private final BatchHttp http;

  public OpenAiBatches(OpenAiClient online, String baseUrl, Duration callTimeout) {
    this.online = online;
    this.base = OpenAiClient.base(baseUrl);
    this.http = new BatchHttp(online, base, callTimeout);
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public int maxRequests() {
    return MAX_REQUESTS;
  }

  @Override
  public long maxBytes() {
    return MAX_BYTES;
  }

  @Override
  public byte[] inputStart() {
    return new byte[0];
  }

  @Override
  public byte[] inputSeparator() {
    return NEWLINE;
  }

  @Override
  public byte[] inputEnd() {
    return NEWLINE;
  }

  @Override
  public byte[] inputEntry(String customId, ModelRequest request) {
    ObjectNode line = HttpModelClient.JSON.createObjectNode();
    line.put("custom_id", customId);
    line.put("method", "POST");
    line.put("url", ENDPOINT);
    line.set("body", online.body(request));
    return bytes(line);
  }

  @Override
  public boolean keepsMetadata() {
    return true;
  }

  @Override
  public boolean uploadsInput() {
    return true;
  }

  @Override
  public String upload(Path input, String fileName) throws InterruptedException {
    JsonNode file =
        http.postMultipart(uri("/files"), new String[][] {{"purpose", "batch"}}, fileName, input);
    String id = file.path("id").asText(null);
    if (id == null) {
      throw new BatchApiException(ErrorCategory.PROTOCOL, "POST /files answered without an id");
    }
    return id;
  }

  @Override
  public BatchState create(String submissionId, long experimentId, String inputFileId, Path input)
      throws InterruptedException {
    ObjectNode body = HttpModelClient.JSON.createObjectNode();
    body.put("input_file_id", inputFileId);
    body.put("endpoint", ENDPOINT);
    body.put("completion_window", "24h");
    body.putObject("metadata")
        .put(SUBMISSION_KEY, submissionId)
        .put(EXPERIMENT_KEY, Long.toString(experimentId));
    return state(http.post(uri("/batches"), bytes(body)));
  }

  @Override
  public BatchState get(String batchId) throws InterruptedException {
    return state(http.get(uri("/batches/" + batchId)));
  }

  @Override
  public BatchState cancel(String batchId) throws InterruptedException {
    return state(http.post(uri("/batches/" + batchId + "/cancel"), new byte[0]));
  }

  @Override
  public List<BatchState> listSince(Instant since) throws InterruptedException {
    return http.listSince(
        after -> uri("/batches?limit=100" + (after == null ? "" : "&after=" + after)),
        this::state,
        since);
  }

  @Override
  public ResultLines results(BatchState ended, Path folder, long endedAfterMs)
      throws InterruptedException {
    List<Path> files = new ArrayList<>();
    for (String fileId : new String[] {ended.outputFileId(), ended.errorFileId()}) {
      if (fileId != null) {
        Path target = folder.resolve(ended.batchId() + "-" + fileId + ".jsonl");
        http.download(uri("/files/" + fileId + "/content"), target);
        files.add(target);
      }
    }
    return new DownloadedLines(files, line -> line(line, endedAfterMs));
  }

  /** One line of the output or error file; null when it is not a result line. */
  private BatchLine line(String text, long latencyMs) {
    JsonNode line;
    try {
      line = HttpModelClient.JSON.readTree(text);
    } catch (IOException notJson) {
      return null;
    }
    String customId = line == null ? null : line.path("custom_id").asText(null);
    if (customId == null) {
      return null;
    }
    JsonNode error = line.get("error");
    JsonNode response = line.get("response");
    if (error != null && error.isObject()) {
      return new BatchLine(customId, notAnswered(error, latencyMs));
    }
    if (response == null || !response.isObject()) {
      return new BatchLine(
          customId,
          ModelReply.failure(
              ErrorCategory.PROTOCOL,
              "the result line has neither a response nor an error",
              null,
              null,
              latencyMs));
    }
    int status = response.path("status_code").asInt(0);
    byte[] body = bytes(response.path("body"));
    return new BatchLine(customId, online.interpret(status, Map.of(), body, latencyMs));
  }

  /** A line the batch did not answer: expired, cancelled, or failed before any HTTP status. */
  private static ModelReply notAnswered(JsonNode error, long latencyMs) {
    String code = error.path("code").asText("");
    String message = error.path("message").asText("no message");
    ErrorCategory category =
        switch (code) {
          case "batch_expired" -> ErrorCategory.TIMEOUT;
          case "batch_cancelled" -> ErrorCategory.CANCELLED;
          default -> ErrorMapping.map(500, error).category();
        };
    return ModelReply.failure(
        category, "the batch did not answer it (" + code + "): " + message, null, null, latencyMs);
  }

  private BatchState state(JsonNode b) {
    String status = b.path("status").asText("");
    BatchState.Phase phase =
        switch (status) {
          case "completed", "expired", "cancelled" -> BatchState.Phase.ENDED;
          case "failed" -> BatchState.Phase.FAILED;
          case "cancelling" -> BatchState.Phase.CANCELLING;
          default -> BatchState.Phase.OPEN;
        };
    JsonNode counts = b.path("request_counts");
    Instant ended = firstTime(b, "completed_at", "expired_at", "cancelled_at", "failed_at");
    return new BatchState(
        b.path("id").asText(""),
        status,
        phase,
        counts.path("total").asInt(0),
        counts.path("completed").asInt(0),
        counts.path("failed").asInt(0),
        0,
        0,
        time(b.get("created_at")),
        time(b.get("expires_at")),
        phase.terminal() ? ended : null,
        b.path("input_file_id").asText(null),
        textOrNull(b.get("output_file_id")),
        textOrNull(b.get("error_file_id")),
        null,
        textOrNull(b.path("metadata").get(SUBMISSION_KEY)),
        problems(b.path("errors").path("data")));
  }

  private static String problems(JsonNode data) {
    if (!data.isArray() || data.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode e : data) {
      String line = e.hasNonNull("line") ? "line " + e.get("line").asText() + ": " : "";
      parts.add(line + e.path("code").asText("error") + ": " + e.path("message").asText(""));
      if (parts.size() == 5) {
        parts.add("and " + (data.size() - 5) + " more");
        break;
      }
    }
    return String.join("; ", parts);
  }

  private static Instant firstTime(JsonNode b, String... fields) {
    for (String f : fields) {
      Instant t = time(b.get(f));
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static Instant time(JsonNode seconds) {
    return seconds != null && seconds.canConvertToLong()
        ? Instant.ofEpochSecond(seconds.asLong())
        : null;
  }

  static String textOrNull(JsonNode node) {
    return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return HttpModelClient.JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
