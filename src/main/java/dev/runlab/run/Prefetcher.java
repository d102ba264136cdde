package dev.runlab.run;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;

/**
 * Reads an iterator ahead on its own thread, so that the database pages of pending narratives and
 * their prompts are ready when a worker asks (the page query runs beside the workers, not in their
 * way). {@link #hasNext()} waits for the next element or the end. Thread-safe for one consumer at a
 * time.
 */
final class Prefetcher<T> implements Iterator<T>, AutoCloseable {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private Object head;
  private volatile RuntimeException failure;

  Prefetcher(Iterator<T> source, int capacity, ThreadFactory threads, String name) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = threads.newThread(() -> fill(source));
    thread.setName(name);
    thread.start();
  }

  private void fill(Iterator<T> source) {
    try {
      while (source.hasNext()) {
        queue.put(source.next());
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
    if (head == null) {
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (head == END) {
      if (failure != null) {
        throw failure;
      }
      return false;
    }
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T next = (T) head;
    head = null;
    return next;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
