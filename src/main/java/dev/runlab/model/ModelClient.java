package dev.runlab.model;

/**
 * Sends one request to a model and reports what came back. Implementations never throw for an API
 * failure: they return a {@link ModelReply#failure failure} with its category. Thread-safe: the
 * run's workers call {@link #send} concurrently.
 */
public interface ModelClient extends AutoCloseable {

  ModelReply send(ModelRequest request) throws InterruptedException;

  /** The model as people should read it in outputs, e.g. "sim-keyword (simulated model)". */
  String describe();

  @Override
  default void close() {}
}
