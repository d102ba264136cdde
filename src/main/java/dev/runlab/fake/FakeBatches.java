package dev.runlab.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The files and batches of the stand-in server's batch APIs, and how a batch lives: accepted,
 * answered after {@code batchSeconds} (each request by the same rules as an online one, a share
 * failing with a server error or left unanswered so that the batch expires, as the options say), or
 * cancelled, answering only what it had done by then. Results come in a shuffled order, as the
 * providers' may. Every request of a created batch is logged as a submission. Thread-safe.
 */
final class FakeBatches {
  /** The reply to one request of a batch, as the online endpoint would give it. */
  record Reply(int status, JsonNode body) {}

  /** Answers one request of a batch ({@code kind}: forced by its prompt, drawn, or ok). */
  @FunctionalInterface
  interface Answerer {
    Reply answer(boolean anthropic, JsonNode body, String prompt, String kind);
  }

  /** One request of a batch. */
  record Line(String customId, JsonNode body, String prompt) {}

  /** An uploaded (or produced) file. */
  record StoredFile(String id, String filename, String purpose, byte[] bytes, Instant createdAt) {}

  /** One batch; its fields are guarded by the {@link FakeBatches} that holds it. */
  static final class Batch {
    final String id;
    final boolean anthropic;
    final Instant createdAt;
    final List<Line> lines;
    final JsonNode metadata;
    final String inputFileId;
    final List<ObjectNode> problems;
    Instant cancelAt;
    Instant endedAt;
    String endStatus;
    int succeeded;
    int errored;
    int expired;
    int cancelled;
    String outputFileId;
    String errorFileId;
    final List<String> results = new ArrayList<>();

    Batch(
        String id,
        boolean anthropic,
        Instant createdAt,
        List<Line> lines,
        JsonNode metadata,
        String inputFileId,
        List<ObjectNode> problems) {
      this.id = id;
      this.anthropic = anthropic;
      this.createdAt = createdAt;
      this.lines = List.copyOf(lines);
      this.metadata = metadata;
      this.inputFileId = inputFileId;
      this.problems = List.copyOf(problems);
    }

    Instant expiresAt() {
      return createdAt.plus(Duration.ofHours(24));
    }
  }

  private final FakeLlmOptions options;
  private final Clock clock;
  private final Answerer answerer;
  private final RequestLog log;
  private final SplittableRandom random;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, StoredFile> files = new LinkedHashMap<>();
  private final Map<String, Batch> batches = new LinkedHashMap<>();

  FakeBatches(FakeLlmOptions options, Clock clock, Answerer answerer, RequestLog log) {
    this.options = options;
    this.clock = clock;
    this.answerer = answerer;
    this.log = log;
    this.random = new SplittableRandom(options.seed() * 31 + 7);
  }

  Instant now() {
    return clock.instant();
  }

  String newId(String prefix) {
    return prefix + String.format("%06d", ids.incrementAndGet());
  }

  synchronized StoredFile store(String filename, String purpose, byte[] bytes) {
    StoredFile f = new StoredFile(newId("file-fake"), filename, purpose, bytes, now());
    files.put(f.id(), f);
    return f;
  }

  synchronized StoredFile file(String id) {
    return files.get(id);
  }

  /** Accepts a batch; its requests are logged as submitted (problems: it fails validation). */
  synchronized Batch create(
      boolean anthropic,
      List<Line> lines,
      JsonNode metadata,
      String inputFileId,
      List<ObjectNode> problems) {
    Batch b =
        new Batch(
            newId(anthropic ? "msgbatch_fake" : "batch_fake"),
            anthropic,
            now(),
            lines,
            metadata,
            inputFileId,
            problems);
    batches.put(b.id, b);
    String api = anthropic ? "anthropic-batch" : "openai-batch";
    for (Line line : lines) {
      log.add(new FakeLlmServer.Logged(b.createdAt, api, 200, "batch_submitted", line.prompt(), 0));
    }
    return b;
  }

  /** The batch as it is now (answered once its time has come), or null. */
  synchronized Batch get(String id) {
    Batch b = batches.get(id);
    if (b != null) {
      advance(b);
    }
    return b;
  }

  /** Asks a batch to cancel: what it answered by now stays; the rest is not answered. */
  synchronized Batch cancel(String id) {
    Batch b = get(id);
    if (b != null && b.endedAt == null && b.cancelAt == null) {
      b.cancelAt = now();
    }
    return b;
  }

  /** Every batch of one API, newest first, as they are now. */
  synchronized List<Batch> list(boolean anthropic) {
    List<Batch> all = new ArrayList<>();
    for (Batch b : batches.values()) {
      if (b.anthropic == anthropic) {
        advance(b);
        all.add(0, b);
      }
    }
    return all;
  }

  /** The provider's word for a batch now; call after {@link #get}. */
  synchronized String status(Batch b) {
    if (b.endStatus != null) {
      return b.endStatus;
    }
    if (b.cancelAt != null) {
      return b.anthropic ? "canceling" : "cancelling";
    }
    return b.anthropic || now().isAfter(b.createdAt) ? "in_progress" : "validating";
  }

  /** Requests answered so far while the batch runs (all of them once it ended). */
  synchronized int finishedSoFar(Batch b) {
    if (b.endedAt != null) {
      return b.succeeded + b.errored + b.expired;
    }
    return (int) (b.lines.size() * share(b, now()));
  }

  private double share(Batch b, Instant at) {
    double seconds = options.batchSeconds();
    if (seconds <= 0) {
      return 1;
    }
    double elapsed = Duration.between(b.createdAt, at).toMillis() / 1000.0;
    return Math.max(0, Math.min(1, elapsed / seconds));
  }

  private void advance(Batch b) {
    if (b.endedAt != null) {
      return;
    }
    if (!b.problems.isEmpty()) {
      b.endedAt = b.createdAt;
      b.endStatus = "failed";
      return;
    }
    Instant due = b.createdAt.plusMillis((long) (options.batchSeconds() * 1000));
    if (b.cancelAt != null && now().isAfter(b.cancelAt)) {
      finish(b, b.cancelAt.isBefore(due) ? b.cancelAt : due, b.cancelAt.isBefore(due));
    } else if (!now().isBefore(due)) {
      finish(b, due, false);
    }
  }

  /** Answers the batch's requests (all, or those done before a cancel) and writes its results. */
  private void finish(Batch b, Instant at, boolean cancelled) {
    int answered = cancelled ? (int) (b.lines.size() * share(b, at)) : b.lines.size();
    List<String> output = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < b.lines.size(); i++) {
      Line line = b.lines.get(i);
      if (i >= answered) {
        b.cancelled++;
        if (b.anthropic) {
          output.add(FakeBatchJson.anthropicResult(line.customId(), "canceled", null));
        }
        continue;
      }
      answer(b, i, output, errors);
    }
    shuffle(output);
    shuffle(errors);
    b.results.addAll(output);
    if (!b.anthropic) {
      b.outputFileId = output.isEmpty() ? null : produced(b.id + "_output.jsonl", output);
      b.errorFileId = errors.isEmpty() ? null : produced(b.id + "_error.jsonl", errors);
    }
    b.endedAt = at;
    b.endStatus =
        b.anthropic ? "ended" : cancelled ? "cancelled" : b.expired > 0 ? "expired" : "completed";
  }

  /**
   * Answers request {@code i} of an ending batch into {@code output} or {@code errors}: left
   * unanswered (expired), failed with a server error, or answered by its kind.
   */
  private void answer(Batch b, int i, List<String> output, List<String> errors) {
    Line line = b.lines.get(i);
    double u = random.nextDouble();
    if (u < options.batchExpireRate()) {
      b.expired++;
      (b.anthropic ? output : errors).add(FakeBatchJson.expired(b.anthropic, line.customId()));
      return;
    }
    String forced = FakeCall.forcedIn(line.prompt());
    String kind =
        u < options.batchExpireRate() + options.batchErrorRate()
            ? "server_error"
            : forced == null ? "ok" : forced;
    Reply reply = answerer.answer(b.anthropic, line.body(), line.prompt(), kind);
    boolean ok = reply.status() == 200;
    b.succeeded += ok ? 1 : 0;
    b.errored += ok ? 0 : 1;
    String text = FakeBatchJson.answered(b.anthropic, line.customId(), reply, b.id + "_" + i);
    if ("garbled".equals(kind)) {
      text = text.substring(0, text.length() / 2); // a line cut off: not JSON
    }
    (b.anthropic || ok ? output : errors).add(text);
  }

  private String produced(String name, List<String> lines) {
    byte[] bytes =
        (String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    StoredFile f = new StoredFile(newId("file-fake"), name, "batch_output", bytes, now());
    files.put(f.id(), f);
    return f.id();
  }

  private void shuffle(List<String> lines) {
    for (int i = lines.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String t = lines.get(i);
      lines.set(i, lines.get(j));
      lines.set(j, t);
    }
  }
}
