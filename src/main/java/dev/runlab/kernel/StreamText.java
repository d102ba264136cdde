package dev.runlab.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A cell's {@code System.out} or {@code System.err}: each flush (every print, with an auto-flushing
 * {@link PrintStream}) hands the text written since the last one to the kernel's output as one
 * {@code stream} message, so output shows while the cell runs. A UTF-8 sequence cut by a flush
 * waits for its end. Thread-safe.
 */
final class StreamText extends OutputStream {
  private final String name;
  private final KernelOutput output;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  StreamText(String name, KernelOutput output) {
    this.name = name;
    this.output = output;
  }

  /** An auto-flushing UTF-8 print stream onto {@code stream} of {@code output}. */
  static PrintStream printStream(String name, KernelOutput output) {
    return new PrintStream(new StreamText(name, output), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    pending.write(b);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    pending.write(b, off, len);
  }

  @Override
  public synchronized void flush() {
    byte[] bytes = pending.toByteArray();
    int end = completeLength(bytes);
    if (end == 0) {
      return;
    }
    pending.reset();
    pending.write(bytes, end, bytes.length - end);
    output.stream(name, new String(bytes, 0, end, StandardCharsets.UTF_8));
  }

  /** The length of the longest prefix of {@code bytes} that ends on a whole UTF-8 character. */
  static int completeLength(byte[] bytes) {
    int n = bytes.length;
    // look back at most 3 bytes for the lead byte of a sequence that is not finished yet
    for (int back = 1; back <= Math.min(3, n); back++) {
      int b = bytes[n - back] & 0xff;
      if ((b & 0xc0) == 0x80) {
        continue; // a continuation byte: look further back for its lead
      }
      int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return needed > back ? n - back : n;
    }
    return n;
  }
}
