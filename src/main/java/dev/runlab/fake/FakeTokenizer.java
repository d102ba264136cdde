package dev.runlab.fake;

/**
 * Counts tokens the way the stand-in server bills them: a word is one token per four letters or
 * digits, every other mark a token of its own, and each message costs 4 more (role and framing),
 * the request 3 more. Deliberately not runlab's own estimate (characters / 4): a client must learn
 * the ratio from {@code usage}, as it must with a real provider's tokenizer. Stateless.
 */
final class FakeTokenizer {
  private static final int PER_MESSAGE = 4;
  private static final int PER_REQUEST = 3;

  private FakeTokenizer() {}

  /** The tokens of a text. */
  static int count(String text) {
    int tokens = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        run++;
        continue;
      }
      tokens += (run + 3) / 4;
      run = 0;
      if (!Character.isWhitespace(c)) {
        tokens++;
      }
    }
    return tokens + (run + 3) / 4;
  }

  /** The prompt tokens of a request of these messages. */
  static int prompt(Iterable<String> messages) {
    int tokens = PER_REQUEST;
    for (String m : messages) {
      tokens += PER_MESSAGE + count(m);
    }
    return tokens;
  }
}
