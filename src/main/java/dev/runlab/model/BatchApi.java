package dev.runlab.model;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * A provider's batch API: OpenAI's Files + Batches (a JSONL input file of {@code
 * /v1/chat/completions} requests) or Anthropic's Message Batches (the requests in the create call).
 * Every request carries a {@code custom_id}; its body is exactly the online request's. Calls that
 * fail throw {@link BatchApiException} with the category an online request would get. Thread-safe.
 */
public interface BatchApi extends AutoCloseable {

  /** {@code openai} or {@code anthropic}. */
  String provider();

  /** The most requests one batch may hold (the provider's limit). */
  int maxRequests();

  /** The most bytes one batch's input may have (OpenAI: the file; Anthropic: the create body). */
  long maxBytes();

  /** What the input starts with, what goes between two requests, and what ends it. */
  byte[] inputStart();

  byte[] inputSeparator();

  byte[] inputEnd();

  /** One request of the input, its body exactly as the online request of {@code request}. */
  byte[] inputEntry(String customId, ModelRequest request);

  /**
   * Whether a batch keeps the metadata it was created with (OpenAI), so the submission id finds it
   * in a list; Anthropic's keep none.
   */
  boolean keepsMetadata();

  /** Whether the input is uploaded as a file first (OpenAI) rather than sent with the create. */
  boolean uploadsInput();

  /** Uploads the input file (purpose {@code batch}) and returns its file id. */
  String upload(Path input, String fileName) throws InterruptedException;

  /**
   * Creates the batch: from the uploaded file (OpenAI, with metadata naming the experiment and the
   * submission) or from {@code input} itself (Anthropic).
   */
  BatchState create(String submissionId, long experimentId, String inputFileId, Path input)
      throws InterruptedException;

  BatchState get(String batchId) throws InterruptedException;

  BatchState cancel(String batchId) throws InterruptedException;

  /** The batches created at or after {@code since}, newest first, across every page of the list. */
  List<BatchState> listSince(Instant since) throws InterruptedException;

  /**
   * The result lines of an ended batch, in the provider's order (any order), downloaded into {@code
   * folder} first; close the iterator to delete the download.
   *
   * @param endedAfterMs how long the batch took, recorded as each answer's latency
   */
  ResultLines results(BatchState ended, Path folder, long endedAfterMs) throws InterruptedException;

  @Override
  default void close() {}

  /** The lines of a batch's results, read one at a time from the downloaded files. */
  interface ResultLines extends Iterator<BatchLine>, AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
