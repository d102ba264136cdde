package dev.runlab.run;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Reads an iterator ahead on its own thread, so that the database pages of pending narratives and
 * their prompts are ready when a worker asks (the page query runs beside the workers, not in their
 * way). Elements cross between the threads in chunks of {@code chunk}: one hand-over, and at most
 * one wake-up, per chunk instead of per element. {@link #hasNext()} waits for the next element or
 * the end. Thread-safe for one consumer at a time.
 */
final class Prefetcher<T> implements Iterator<T>, AutoCloseable {
  private static final List<Object> END = List.of();

  private final BlockingQueue<List<Object>> queue;
  private final int chunk;
  private final Thread thread;
  private List<Object> head = List.of();
  private int next;
  private boolean ended;
  private volatile RuntimeException failure;

  /** Reads ahead up to {@code capacity} elements, handed over {@code chunk} at a time. */
  Prefetcher(Iterator<T> source, int capacity, int chunk, ThreadFactory threads, String name) {
    this.chunk = chunk;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity / chunk));
    this.thread = threads.newThread(() -> fill(source));
    thread.setName(name);
    thread.start();
  }

  private void fill(Iterator<T> source) {
    try {
      List<Object> batch = new ArrayList<>(chunk);
      while (source.hasNext()) {
        batch.add(source.next());
        if (batch.size() == chunk) {
          queue.put(batch);
          batch = new ArrayList<>(chunk);
        }
      }
      if (!batch.isEmpty()) {
        queue.put(batch);
      }
    } catch (InterruptedException e) {
      return; // closed: nobody reads on
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean hasNext() {
    while (next == head.size()) {
      if (ended) {
        return false;
      }
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      next = 0;
      if (head == END) {
        ended = true;
        if (failure != null) {
          throw failure;
        }
        return false;
      }
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return (T) head.get(next++);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
