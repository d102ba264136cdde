package dev.runlab.model.http;

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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Message Batches: {@code POST /v1/messages/batches} with {@code {"requests":
 * [{"custom_id", "params"}]}} (the params exactly the online Messages request), polled with {@code
 * GET /v1/messages/batches/{id}}, listed with {@code ?limit=&after_id=}, cancelled with {@code POST
 * .../cancel}; the results at the batch's {@code results_url} as JSONL of {@code succeeded}, {@code
 * errored}, {@code canceled} and {@code expired} lines. Batches carry no metadata, so a submission
 * is known by its {@code custom_id}s. Thread-safe.
 */
public final class AnthropicBatches implements BatchApi {
  /** At most 100,000 requests per batch. */
  public static final int MAX_REQUESTS = 100_000;

  /** At most 256 MB per batch (counted as 256,000,000 bytes). */
  public static final long MAX_BYTES = 256_000_000L;

  private final AnthropicClient online;
  private final URI batches;
  private final BatchHttp http;

  public AnthropicBatches(AnthropicClient online, String baseUrl, Duration callTimeout) {
    this.online = online;
    this.batches = URI.create(AnthropicClient.endpoint(baseUrl) + "/batches");
    this.http = new BatchHttp(online, batches, callTimeout);
  }

  @Override
  public String provider() {
    return "anthropic";
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
    return "{\"requests\":[".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] inputSeparator() {
    return new byte[] {','};
  }

  @Override
  public byte[] inputEnd() {
    return "]}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] inputEntry(String customId, ModelRequest request) {
    ObjectNode entry = HttpModelClient.JSON.createObjectNode();
    entry.put("custom_id", customId);
    entry.set("params", online.body(request));
    return OpenAiBatches.bytes(entry);
  }

  @Override
  public boolean keepsMetadata() {
    return false;
  }

  @Override
  public boolean uploadsInput() {
    return false;
  }

  @Override
  public String upload(Path input, String fileName) {
    throw new UnsupportedOperationException("Anthropic batches take their requests when created");
  }

  @Override
  public BatchState create(String submissionId, long experimentId, String inputFileId, Path input)
      throws InterruptedException {
    return state(http.postFile(batches, input));
  }

  @Override
  public BatchState get(String batchId) throws InterruptedException {
    return state(http.get(URI.create(batches + "/" + batchId)));
  }

  @Override
  public BatchState cancel(String batchId) throws InterruptedException {
    return state(http.post(URI.create(batches + "/" + batchId + "/cancel"), new byte[0]));
  }

  @Override
  public List<BatchState> listSince(Instant since) throws InterruptedException {
    return http.listSince(
        after -> URI.create(batches + "?limit=100" + (after == null ? "" : "&after_id=" + after)),
        AnthropicBatches::state,
        since);
  }

  @Override
  public ResultLines results(BatchState ended, Path folder, long endedAfterMs)
      throws InterruptedException {
    if (ended.resultsUrl() == null) {
      throw new BatchApiException(
          ErrorCategory.PROTOCOL, "batch " + ended.batchId() + " has ended without a results_url");
    }
    Path target = folder.resolve(ended.batchId() + "-results.jsonl");
    http.download(batches.resolve(ended.resultsUrl()), target);
    return new DownloadedLines(List.of(target), line -> line(line, endedAfterMs));
  }

  /** One line of the results; null when it is not a result line. */
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
    JsonNode result = line.path("result");
    String type = result.path("type").asText("");
    ModelReply reply =
        switch (type) {
          case "succeeded" ->
              online.interpret(
                  200, Map.of(), OpenAiBatches.bytes(result.path("message")), latencyMs);
          case "errored" -> errored(result.path("error"), latencyMs);
          case "canceled" ->
              ModelReply.failure(
                  ErrorCategory.CANCELLED,
                  "the batch was canceled before this request was answered",
                  null,
                  null,
                  latencyMs);
          case "expired" ->
              ModelReply.failure(
                  ErrorCategory.TIMEOUT,
                  "the batch expired before this request was answered",
                  null,
                  null,
                  latencyMs);
          default ->
              ModelReply.failure(
                  ErrorCategory.PROTOCOL,
                  "the result line's type is '" + type + "', not one runlab knows",
                  null,
                  null,
                  latencyMs);
        };
    return new BatchLine(customId, reply);
  }

  /** An errored request: its error categorised as the same error of an online request. */
  private ModelReply errored(JsonNode response, long latencyMs) {
    JsonNode error = ErrorMapping.errorOf(response);
    String type = error == null ? "" : error.path("type").asText("");
    ErrorMapping.Mapped mapped = ErrorMapping.map(statusOf(type), error);
    String message = mapped.message() == null ? "no message" : mapped.message();
    return ModelReply.failure(
        mapped.category(),
        "errored in the batch: " + type + ": " + online.redact(message),
        null,
        null,
        latencyMs);
  }

  /** The HTTP status an online request gets for an Anthropic error type. */
  static int statusOf(String errorType) {
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  private static BatchState state(JsonNode b) {
    String status = b.path("processing_status").asText("");
    BatchState.Phase phase =
        switch (status) {
          case "ended" -> BatchState.Phase.ENDED;
          case "canceling" -> BatchState.Phase.CANCELLING;
          default -> BatchState.Phase.OPEN;
        };
    JsonNode c = b.path("request_counts");
    int processing = c.path("processing").asInt(0);
    int succeeded = c.path("succeeded").asInt(0);
    int errored = c.path("errored").asInt(0);
    int canceled = c.path("canceled").asInt(0);
    int expired = c.path("expired").asInt(0);
    return new BatchState(
        b.path("id").asText(""),
        status,
        phase,
        processing + succeeded + errored + canceled + expired,
        succeeded,
        errored,
        expired,
        canceled,
        time(b.get("created_at")),
        time(b.get("expires_at")),
        time(b.get("ended_at")),
        null,
        null,
        null,
        OpenAiBatches.textOrNull(b.get("results_url")),
        null,
        null);
  }

  private static Instant time(JsonNode text) {
    if (text == null || !text.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.asText()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
