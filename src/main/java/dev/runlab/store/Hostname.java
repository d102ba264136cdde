package dev.runlab.store;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, for lock files and the audit log (humans read it). */
public final class Hostname {
  private static final String NAME = lookup();

  private Hostname() {}

  public static String get() {
    return NAME;
  }

  private static String lookup() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
