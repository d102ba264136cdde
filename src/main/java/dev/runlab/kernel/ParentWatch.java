package dev.runlab.kernel;

import java.util.Optional;

/**
 * The process that started the kernel: the one {@code JPY_PARENT_PID} names (Jupyter sets it), else
 * the kernel's parent. When it ends, nobody is left to shut the kernel down, so the kernel stops by
 * itself, as leaving the lab does (its runs are paused).
 */
final class ParentWatch {
  private ParentWatch() {}

  /** The parent to watch: {@code jpyParentPid} when it names a live process, else the parent. */
  static Optional<ProcessHandle> parent(String jpyParentPid) {
    if (jpyParentPid != null && jpyParentPid.strip().matches("\\d{1,18}")) {
      long pid = Long.parseLong(jpyParentPid.strip());
      if (pid > 1) {
        Optional<ProcessHandle> named = ProcessHandle.of(pid);
        if (named.isPresent()) {
          return named;
        }
      }
    }
    return ProcessHandle.current().parent().filter(p -> p.pid() > 1);
  }

  /** Calls {@code onEnd} (on a JDK thread) once {@code parent} has ended. */
  static void onEnd(ProcessHandle parent, Runnable onEnd) {
    parent.onExit().thenRun(onEnd);
  }
}
