package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Anthropic's Message Batches on the stand-in server: {@code POST /v1/messages/batches} (at most
 * 100,000 requests, {@code custom_id} matching {@code ^[a-zA-Z0-9_-]{1,64}$} and unique, params
 * with model, max_tokens and messages: a batch that breaks a rule is refused with 400), {@code GET
 * /v1/messages/batches} ({@code limit}, {@code after_id}, {@code before_id}), {@code GET .../{id}},
 * {@code POST .../{id}/cancel} and {@code GET .../{id}/results} (JSONL, once ended). Thread-safe.
 */
final class AnthropicBatchRoutes {
  private static final String PREFIX = "/v1/messages/batches";
  private static final Pattern CUSTOM_ID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final int MAX_REQUESTS = 100_000;

  private final FakeBatches store;
  private final FakeHolds holds;
  private final String apiKey;
  private final Supplier<String> baseUrl;

  AnthropicBatchRoutes(
      FakeBatches store, FakeHolds holds, String apiKey, Supplier<String> baseUrl) {
    this.store = store;
    this.holds = holds;
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
  }

  static boolean handles(String path) {
    return path.startsWith(PREFIX);
  }

  void handle(BatchExchange x) throws IOException, InterruptedException {
    if (!x.authorized(apiKey)) {
      x.error(401, "authentication_error", null, "invalid x-api-key");
      return;
    }
    String rest = x.path().substring(PREFIX.length());
    String[] p = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
    String route = x.method() + " " + p.length + (p.length == 2 ? p[1] : "");
    switch (route) {
      case "POST 0" -> create(x);
      case "GET 0" -> list(x);
      case "GET 1" -> batch(x, p[0], "poll");
      case "POST 2cancel" -> cancel(x, p[0]);
      case "GET 2results" -> results(x, p[0]);
      default -> x.error(404, "not_found_error", null, "Not found: " + x.method() + " " + x.path());
    }
  }

  private void create(BatchExchange x) throws IOException, InterruptedException {
    JsonNode body = x.json();
    List<FakeBatches.Line> lines = new ArrayList<>();
    String problem = read(body, lines);
    if (problem != null) {
      x.error(400, "invalid_request_error", null, problem);
      return;
    }
    FakeBatches.Batch b = store.create(true, lines, null, null, List.of());
    holds.pass("create");
    x.send(200, json(b));
  }

  /** Reads the requests into {@code lines}; what makes the batch invalid, or null. */
  private static String read(JsonNode body, List<FakeBatches.Line> lines) {
    JsonNode requests = body == null ? null : body.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      return "requests: a non-empty list is required";
    }
    if (requests.size() > MAX_REQUESTS) {
      return "requests: at most " + MAX_REQUESTS + " requests per batch";
    }
    Set<String> ids = new HashSet<>();
    int i = 0;
    for (JsonNode r : requests) {
      String customId = r.path("custom_id").asText("");
      JsonNode params = r.path("params");
      String prompt = params.isObject() ? FakeCall.promptOf(params) : "";
      String at = "requests." + i++;
      if (!CUSTOM_ID.matcher(customId).matches()) {
        return at + ".custom_id: '" + customId + "' does not match ^[a-zA-Z0-9_-]{1,64}$";
      }
      if (!ids.add(customId)) {
        return at + ".custom_id: '" + customId + "' is not unique in the batch";
      }
      if (!params.path("model").isTextual()
          || !params.path("max_tokens").canConvertToInt()
          || !params.path("messages").isArray()) {
        return at + ".params: model, max_tokens and messages are required";
      }
      if (prompt.contains("fake-llm:batch_invalid")) {
        return at + ".params: rejected as fake-llm:batch_invalid asks";
      }
      lines.add(new FakeBatches.Line(customId, params, prompt));
    }
    return null;
  }

  private void list(BatchExchange x) throws IOException, InterruptedException {
    List<FakeBatches.Batch> all = store.list(true);
    int from = 0;
    int to = all.size();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).id.equals(x.query("after_id"))) {
        from = i + 1;
      }
      if (all.get(i).id.equals(x.query("before_id"))) {
        to = i;
      }
    }
    int limit = x.limit(20, 1000);
    boolean beforeOnly = x.query("before_id") != null && x.query("after_id") == null;
    if (beforeOnly) {
      from = Math.max(0, to - limit);
    } else {
      to = Math.min(to, from + limit);
    }
    ObjectNode page = FakeAnswers.JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    for (FakeBatches.Batch b : all.subList(from, Math.max(from, to))) {
      data.add(json(b));
    }
    page.put("has_more", beforeOnly ? from > 0 : to < all.size());
    page.put("first_id", from < to ? all.get(from).id : null);
    page.put("last_id", from < to ? all.get(to - 1).id : null);
    holds.pass("list");
    x.send(200, page);
  }

  private void batch(BatchExchange x, String id, String route)
      throws IOException, InterruptedException {
    FakeBatches.Batch b = store.get(id);
    if (b == null || !b.anthropic) {
      x.error(404, "not_found_error", null, "No message batch with id " + id);
      return;
    }
    ObjectNode json = json(b);
    if (holds.fails(route)) {
      x.error(500, "api_error", null, "The server had an error");
      return;
    }
    holds.pass(route);
    x.send(200, json);
  }

  private void cancel(BatchExchange x, String id) throws IOException, InterruptedException {
    store.cancel(id);
    batch(x, id, "cancel");
  }

  private void results(BatchExchange x, String id) throws IOException, InterruptedException {
    FakeBatches.Batch b = store.get(id);
    if (b == null || !b.anthropic) {
      x.error(404, "not_found_error", null, "No message batch with id " + id);
      return;
    }
    if (b.endedAt == null) {
      x.error(400, "invalid_request_error", null, "results are available once the batch has ended");
      return;
    }
    if (holds.fails("results")) {
      x.error(500, "api_error", null, "The server had an error while serving the results");
      return;
    }
    holds.pass("results");
    byte[] bytes = (String.join("\n", b.results) + "\n").getBytes(StandardCharsets.UTF_8);
    x.sendRaw(200, "application/x-jsonl", bytes);
  }

  private ObjectNode json(FakeBatches.Batch b) {
    return FakeBatchJson.anthropic(
        b,
        store.status(b),
        store.finishedSoFar(b),
        baseUrl.get() + PREFIX + "/" + b.id + "/results");
  }
}
