package dev.runlab;

/**
 * A count with its noun in the right number: "1 transport error", "2 transport errors". The nouns
 * runlab counts take an "s". Stateless.
 */
public final class Plural {
  private Plural() {}

  /** {@code n} and {@code noun}, with an "s" unless {@code n} is 1. */
  public static String of(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }
}
