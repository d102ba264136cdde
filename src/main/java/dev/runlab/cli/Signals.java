package dev.runlab.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * SIGINT and SIGTERM handlers through {@code sun.misc.Signal} (a shutdown hook cannot choose the
 * exit code, and the run must pause, commit and exit 130). Reached reflectively because the
 * compiler warns on every direct use of the unsupported API, and our build fails on warnings.
 */
final class Signals {
  private Signals() {}

  /** Calls {@code handler} with the signal's name on SIGINT and SIGTERM; false if unsupported. */
  static boolean onInterrupt(java.util.function.Consumer<String> handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object proxy =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (self, method, args) -> {
                if (method.getName().equals("handle")) {
                  Object signal = args[0];
                  handler.accept("SIG" + signalClass.getMethod("getName").invoke(signal));
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" -> self == args[0];
                  default -> "runlab signal handler";
                };
              });
      for (String name : new String[] {"INT", "TERM"}) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, proxy);
      }
      return true;
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      return false;
    }
  }
}
