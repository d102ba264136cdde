package dev.runlab.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a UTF-8 byte stream one char at a time through fixed-size buffers, skipping a byte order
 * mark at the start.
 *
 * <p>Unlike {@link java.io.InputStreamReader}, which throws as soon as a decoded chunk contains bad
 * bytes (losing the good chars before them), this reader first hands out every char that precedes
 * the bad bytes and throws {@link InvalidUtf8Exception} only when the caller reaches them, so the
 * caller knows exactly which row holds them. Not thread-safe.
 */
final class Utf8Reader implements Closeable {
  private static final int BUFFER_SIZE = 1 << 16;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /** The input holds bytes that are not UTF-8, starting at {@link #byteOffset()}. */
  static final class InvalidUtf8Exception extends IOException {
    private final long byteOffset;

    InvalidUtf8Exception(long byteOffset) {
      super("invalid UTF-8 at byte offset " + byteOffset);
      this.byteOffset = byteOffset;
    }

    /** The 0-based offset in the file of the first byte that is not UTF-8. */
    long byteOffset() {
      return byteOffset;
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_SIZE);
  private final CharBuffer chars = CharBuffer.allocate(BUFFER_SIZE);
  private long bytesRead;
  private boolean endOfInput;
  private boolean finished;
  private boolean atStart = true;
  private long invalidAt = -1;

  Utf8Reader(InputStream in) {
    this.in = in;
    bytes.flip();
    chars.flip();
  }

  /** The next char, or -1 at the end of the input. */
  int read() throws IOException {
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    return chars.get();
  }

  /** The next char without consuming it, or -1 at the end of the input. */
  int peek() throws IOException {
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    return chars.get(chars.position());
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean fill() throws IOException {
    while (true) {
      if (invalidAt >= 0) {
        throw new InvalidUtf8Exception(invalidAt);
      }
      if (finished) {
        return false;
      }
      decodeChunk();
      if (atStart && chars.hasRemaining()) {
        atStart = false;
        if (chars.get(chars.position()) == BYTE_ORDER_MARK) {
          chars.get();
        }
      }
      if (chars.hasRemaining()) {
        return true;
      }
    }
  }

  /** Decodes into the (empty) char buffer until it holds at least one char or input ends. */
  private void decodeChunk() throws IOException {
    chars.clear();
    while (true) {
      var result = decoder.decode(bytes, chars, endOfInput);
      if (result.isError()) {
        // the decoder stops right before the bad bytes: what is left unread starts with them
        invalidAt = bytesRead - bytes.remaining();
        break;
      }
      if (result.isOverflow() || chars.position() > 0) {
        break;
      }
      if (endOfInput) {
        decoder.flush(chars);
        finished = true;
        break;
      }
      readBytes();
    }
    chars.flip();
  }

  private void readBytes() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      bytes.position(bytes.position() + n);
      bytesRead += n;
    }
    bytes.flip();
  }
}
