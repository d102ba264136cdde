package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's Files and Batches on the stand-in server: {@code POST /v1/files} (multipart, purpose
 * {@code batch}), {@code GET /v1/files/{id}} and {@code /content}, {@code POST /v1/batches} ({@code
 * /v1/chat/completions}, {@code completion_window: 24h}, at most 16 metadata pairs), {@code GET
 * /v1/batches} ({@code limit}, {@code after}), {@code GET /v1/batches/{id}} and {@code POST
 * .../cancel}. The input file is validated as OpenAI does (one JSON object per line, unique {@code
 * custom_id}s, one model, the batch's endpoint, at most 50,000 lines): a file that fails makes a
 * batch whose status becomes {@code failed} with {@code errors.data}. Thread-safe.
 */
final class OpenAiBatchRoutes {
  static final String ENDPOINT = "/v1/chat/completions";
  private static final int MAX_LINES = 50_000;

  private final FakeBatches store;
  private final FakeHolds holds;
  private final String apiKey;

  OpenAiBatchRoutes(FakeBatches store, FakeHolds holds, String apiKey) {
    this.store = store;
    this.holds = holds;
    this.apiKey = apiKey;
  }

  static boolean handles(String path) {
    return path.startsWith("/v1/files") || path.startsWith("/v1/batches");
  }

  void handle(BatchExchange x) throws IOException, InterruptedException {
    if (!x.authorized(apiKey)) {
      x.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided.");
      return;
    }
    String[] p = x.path().substring(1).split("/");
    String route = x.method() + " " + (p.length > 1 ? p[1] : "") + "/" + (p.length - 2);
    switch (route) {
      case "POST files/0" -> upload(x);
      case "GET files/1" -> fileObject(x, p[2]);
      case "GET files/2" -> content(x, p[2]);
      case "POST batches/0" -> create(x);
      case "GET batches/0" -> list(x);
      case "GET batches/1" -> batch(x, p[2], "poll");
      case "POST batches/2" -> cancel(x, p[2]);
      default ->
          x.error(
              404,
              "invalid_request_error",
              null,
              "Invalid URL (" + x.method() + " " + x.path() + ")");
    }
  }

  private void upload(BatchExchange x) throws IOException, InterruptedException {
    Map<String, Multipart.Part> parts = Multipart.parse(x.header("content-type"), x.body());
    Multipart.Part purpose = parts.get("purpose");
    Multipart.Part file = parts.get("file");
    if (file == null || purpose == null) {
      x.error(400, "invalid_request_error", null, "'file' and 'purpose' are required");
      return;
    }
    if (!purpose.text().equals("batch")) {
      x.error(400, "invalid_request_error", null, "this server takes purpose 'batch' only");
      return;
    }
    FakeBatches.StoredFile stored = store.store(file.filename(), "batch", file.bytes());
    holds.pass("upload");
    x.send(200, fileJson(stored));
  }

  private void fileObject(BatchExchange x, String id) throws IOException {
    FakeBatches.StoredFile f = store.file(id);
    if (f == null) {
      x.error(404, "invalid_request_error", null, "No such File object: " + id);
    } else {
      x.send(200, fileJson(f));
    }
  }

  private void content(BatchExchange x, String id) throws IOException, InterruptedException {
    FakeBatches.StoredFile f = store.file(id);
    if (f == null) {
      x.error(404, "invalid_request_error", null, "No such File object: " + id);
      return;
    }
    if (holds.fails("results")) {
      x.error(500, "api_error", null, "The server had an error while serving the results");
      return;
    }
    holds.pass("results");
    x.sendRaw(200, "application/octet-stream", f.bytes());
  }

  private static ObjectNode fileJson(FakeBatches.StoredFile f) {
    ObjectNode o = FakeAnswers.JSON.createObjectNode();
    o.put("id", f.id());
    o.put("object", "file");
    o.put("bytes", f.bytes().length);
    o.put("created_at", f.createdAt().getEpochSecond());
    o.put("filename", f.filename());
    o.put("purpose", f.purpose());
    return o;
  }

  private void create(BatchExchange x) throws IOException, InterruptedException {
    JsonNode body = x.json();
    String problem = createProblem(body);
    if (problem != null) {
      x.error(400, "invalid_request_error", null, problem);
      return;
    }
    FakeBatches.StoredFile input = store.file(body.path("input_file_id").asText());
    List<FakeBatches.Line> lines = new ArrayList<>();
    List<ObjectNode> problems = validate(input.bytes(), lines);
    FakeBatches.Batch b = store.create(false, lines, body.get("metadata"), input.id(), problems);
    holds.pass("create");
    x.send(200, FakeBatchJson.openAi(b, "validating", 0));
  }

  /** What makes the create request itself wrong (answered 400), or null. */
  private String createProblem(JsonNode body) {
    if (body == null || !body.isObject()) {
      return "the body must be a JSON object";
    }
    FakeBatches.StoredFile input = store.file(body.path("input_file_id").asText(""));
    if (input == null || !input.purpose().equals("batch")) {
      return "No file with purpose 'batch' and id '" + body.path("input_file_id").asText("") + "'";
    }
    if (!ENDPOINT.equals(body.path("endpoint").asText())) {
      return "endpoint must be " + ENDPOINT + " on this server";
    }
    if (!"24h".equals(body.path("completion_window").asText())) {
      return "completion_window must be '24h'";
    }
    JsonNode metadata = body.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject() || metadata.size() > 16) {
        return "metadata must be an object of at most 16 pairs";
      }
      for (var e : metadata.properties()) {
        if (e.getKey().length() > 64
            || !e.getValue().isTextual()
            || e.getValue().asText().length() > 512) {
          return "metadata keys are at most 64 characters and values strings of at most 512";
        }
      }
    }
    return null;
  }

  /** Reads the input file into {@code lines}; returns its problems as OpenAI lists them. */
  private static List<ObjectNode> validate(byte[] file, List<FakeBatches.Line> lines) {
    List<ObjectNode> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String model = null;
    String[] texts = new String(file, StandardCharsets.UTF_8).split("\n");
    int n = 0;
    for (String text : texts) {
      n++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode line;
      try {
        line = FakeAnswers.JSON.readTree(text);
      } catch (IOException e) {
        problems.add(problem("invalid_json", n, "the line is not valid JSON"));
        continue;
      }
      String customId = line.path("custom_id").asText(null);
      JsonNode body = line.path("body");
      String prompt = body.isObject() ? FakeCall.promptOf(body) : "";
      String lineModel = body.path("model").asText(null);
      ObjectNode problem = problemOf(line, customId, ids, model, n);
      if (problem != null) {
        problems.add(problem);
      }
      model = model == null ? lineModel : model;
      lines.add(new FakeBatches.Line(customId, body, prompt));
    }
    if (lines.size() > MAX_LINES) {
      problems.add(
          problem("too_many_requests", null, "at most " + MAX_LINES + " requests per file"));
    }
    if (lines.isEmpty()) {
      problems.add(problem("empty_file", null, "the file has no requests"));
    }
    return problems;
  }

  /** What is wrong with line {@code n} of an input file, or null (notes its custom_id). */
  private static ObjectNode problemOf(
      JsonNode line, String customId, Set<String> ids, String model, int n) {
    JsonNode body = line.path("body");
    String lineModel = body.path("model").asText(null);
    if (customId == null) {
      return problem("missing_required_parameter", n, "custom_id is required");
    } else if (!ids.add(customId)) {
      return problem("duplicate_custom_id", n, "custom_id " + customId + " is repeated");
    } else if (!"POST".equals(line.path("method").asText())
        || !ENDPOINT.equals(line.path("url").asText())) {
      return problem("invalid_url", n, "method must be POST and url " + ENDPOINT);
    } else if (!body.path("messages").isArray() || lineModel == null) {
      return problem("invalid_request", n, "body needs model and messages");
    } else if (model != null && !model.equals(lineModel)) {
      return problem("mismatched_model", n, "one model per file: " + model + " and " + lineModel);
    } else if (FakeCall.promptOf(body).contains("fake-llm:batch_invalid")) {
      return problem("invalid_request", n, "rejected as fake-llm:batch_invalid asks");
    }
    return null;
  }

  private static ObjectNode problem(String code, Integer line, String message) {
    ObjectNode o = FakeAnswers.JSON.createObjectNode().put("code", code).put("message", message);
    if (line == null) {
      o.putNull("line");
    } else {
      o.put("line", line);
    }
    return o.putNull("param");
  }

  private void list(BatchExchange x) throws IOException, InterruptedException {
    List<FakeBatches.Batch> all = store.list(false);
    int from = 0;
    String after = x.query("after");
    for (int i = 0; after != null && i < all.size(); i++) {
      if (all.get(i).id.equals(after)) {
        from = i + 1;
      }
    }
    int to = Math.min(all.size(), from + x.limit(20, 100));
    ObjectNode page = FakeAnswers.JSON.createObjectNode().put("object", "list");
    ArrayNode data = page.putArray("data");
    for (FakeBatches.Batch b : all.subList(from, to)) {
      data.add(FakeBatchJson.openAi(b, store.status(b), store.finishedSoFar(b)));
    }
    page.put("first_id", from < to ? all.get(from).id : null);
    page.put("last_id", from < to ? all.get(to - 1).id : null);
    page.put("has_more", to < all.size());
    holds.pass("list");
    x.send(200, page);
  }

  private void batch(BatchExchange x, String id, String route)
      throws IOException, InterruptedException {
    FakeBatches.Batch b = store.get(id);
    if (b == null || b.anthropic) {
      x.error(404, "invalid_request_error", null, "No batch found with id '" + id + "'");
      return;
    }
    ObjectNode json = FakeBatchJson.openAi(b, store.status(b), store.finishedSoFar(b));
    if (holds.fails(route)) {
      x.error(500, "api_error", null, "The server had an error");
      return;
    }
    holds.pass(route);
    x.send(200, json);
  }

  private void cancel(BatchExchange x, String id) throws IOException, InterruptedException {
    FakeBatches.Batch b = store.get(id);
    if (b != null && !b.anthropic && b.endedAt != null) {
      x.error(
          400,
          "invalid_request_error",
          null,
          "Cannot cancel a batch with status '" + b.endStatus + "'");
      return;
    }
    if (b != null) {
      store.cancel(id);
    }
    batch(x, id, "cancel");
  }
}
