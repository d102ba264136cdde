package dev.runlab.lab.shell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell execution in this JVM that keeps what a snippet returned or threw as the live object. Each
 * snippet runs on a fresh thread of the evaluator's own thread group (never a thread of a run), so
 * {@link #stop()} interrupts exactly the snippet. Thread-safe.
 */
final class LiveExecution extends DirectExecutionControl {
  private final ThreadGroup snippets;
  private final AtomicInteger counter = new AtomicInteger();
  private final Object lock = new Object();
  private Thread running;
  private boolean stopped;
  private boolean stopBeforeNext;
  private volatile boolean invoked;
  private volatile Object value;
  private volatile Throwable thrown;

  LiveExecution(ThreadGroup snippets) {
    this.snippets = snippets;
  }

  /**
   * Forgets a stop asked for before this evaluation began; one asked for from now on while no
   * snippet runs (between two snippets of a cell) stops the next snippet before it starts.
   */
  void beginEvaluation() {
    synchronized (lock) {
      stopBeforeNext = false;
      stopped = false;
    }
  }

  /** Forgets the value and exception of the previous snippet. */
  void reset() {
    synchronized (lock) {
      stopped = false;
    }
    invoked = false;
    value = null;
    thrown = null;
  }

  boolean invoked() {
    return invoked;
  }

  Object value() {
    return value;
  }

  Throwable thrown() {
    return thrown;
  }

  /** Whether the last snippet was stopped by {@link #stop()}. */
  boolean wasStopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /** How jshell prints a value: strings quoted, arrays expanded. */
  static String jshellText(Object value) {
    return valueString(value);
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread thread =
        new Thread(
            snippets,
            () -> {
              try {
                result[0] = doitMethod.invoke(null);
              } catch (Throwable t) {
                failure[0] = t;
              }
            },
            "runlab-snippet-" + counter.incrementAndGet());
    synchronized (lock) {
      if (stopBeforeNext) {
        stopBeforeNext = false;
        stopped = true;
        throw new ExecutionControl.StoppedException();
      }
      stopped = false;
      running = thread;
    }
    thread.setDaemon(true);
    thread.start();
    try {
      thread.join();
    } finally {
      synchronized (lock) {
        running = null;
      }
    }
    synchronized (lock) {
      if (stopped) {
        thrown = failure[0] instanceof InvocationTargetException e ? e.getCause() : null;
        throw new ExecutionControl.StoppedException();
      }
    }
    if (failure[0] instanceof InvocationTargetException e) {
      thrown = e.getCause();
      throw e;
    }
    if (failure[0] instanceof Exception e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
    invoked = true;
    value = result[0];
    return valueString(result[0]);
  }

  /**
   * Interrupts the running snippet; one that ignores interrupts for a second is stopped the hard
   * way where the JVM still allows it (Java 17 to 19). Between two snippets, the next one is
   * stopped before it starts.
   */
  @Override
  @SuppressWarnings("deprecation")
  public void stop() {
    Thread thread;
    synchronized (lock) {
      thread = running;
      if (thread == null) {
        stopBeforeNext = true;
        return;
      }
      stopped = true;
    }
    thread.interrupt();
    try {
      thread.join(1000);
      if (thread.isAlive()) {
        thread.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UnsupportedOperationException e) {
      // Java 20+: the snippet ends when it next checks for the interrupt
    }
  }

  /** Hands JShell this execution control. */
  static final class Provider implements ExecutionControlProvider {
    private final LiveExecution execution;

    Provider(LiveExecution execution) {
      this.execution = execution;
    }

    @Override
    public String name() {
      return "runlab-live";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return execution;
    }
  }
}
