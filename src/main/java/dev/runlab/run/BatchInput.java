package dev.runlab.run;

import dev.runlab.model.BatchApi;
import dev.runlab.model.ModelRequest;
import dev.runlab.store.ProviderBatch;
import dev.runlab.store.ProviderBatchRequests;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The input of a submission (OpenAI: the JSONL file; Anthropic: the create call's body), rendered
 * from its recorded requests and the narratives they name, in pages, into a file: so the input of a
 * submission whose process died before it was sent is the same as the first time. Not thread-safe.
 */
final class BatchInput {
  private static final int PAGE = 500;

  private final BatchApi api;
  private final ProviderBatchRequests requests;
  private final PendingItems renderer;
  private final long datasetId;
  private final Duration timeout;

  BatchInput(
      BatchApi api,
      ProviderBatchRequests requests,
      PendingItems renderer,
      long datasetId,
      Duration timeout) {
    this.api = api;
    this.requests = requests;
    this.renderer = renderer;
    this.datasetId = datasetId;
    this.timeout = timeout;
  }

  /** The request of an item as the online client would send it. */
  ModelRequest request(Item item) {
    return new ModelRequest(
        item.narrativeId, item.text, item.system, item.prompt, item.attempts + 1, timeout);
  }

  /** The bytes {@code item} adds to an input as its request number {@code seq}. */
  int entryBytes(String customId, Item item, boolean first) {
    return api.inputEntry(customId, request(item)).length
        + (first ? 0 : api.inputSeparator().length);
  }

  /** The bytes of an input's start and end. */
  int frameBytes() {
    return api.inputStart().length + api.inputEnd().length;
  }

  /** Writes the submission's input into {@code folder}; returns the file. */
  Path write(ProviderBatch submission, Path folder) {
    Path file = folder.resolve(submission.submissionId() + ".input");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(api.inputStart());
      int after = 0;
      boolean first = true;
      while (true) {
        List<ProviderBatchRequests.RequestNarrative> page =
            requests.requestNarratives(submission.submissionId(), datasetId, after, PAGE);
        for (ProviderBatchRequests.RequestNarrative r : page) {
          if (!first) {
            out.write(api.inputSeparator());
          }
          out.write(api.inputEntry(r.customId(), request(renderer.item(r.narrative()))));
          first = false;
          after = r.seq();
        }
        if (page.size() < PAGE) {
          break;
        }
      }
      out.write(api.inputEnd());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the input of batch submission " + file, e);
    }
    return file;
  }
}
