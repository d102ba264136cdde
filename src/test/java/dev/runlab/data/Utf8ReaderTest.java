package dev.runlab.data;

import static dev.runlab.data.DataFiles.concat;
import static dev.runlab.data.DataFiles.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  @Test
  void utf8_handsOutEveryCharBeforeInvalidBytesThenReportsTheirOffset() throws IOException {
    Utf8Reader reader = reader(concat(utf8("ab\u00e9"), new byte[] {(byte) 0x80}, utf8("zz")));

    assertThat(readAll(reader, 3)).isEqualTo("ab\u00e9");
    assertThatThrownBy(reader::read)
        .isInstanceOf(Utf8Reader.InvalidUtf8Exception.class)
        .satisfies(
            e -> assertThat(((Utf8Reader.InvalidUtf8Exception) e).byteOffset()).isEqualTo(4));
    assertThatThrownBy(reader::peek).isInstanceOf(Utf8Reader.InvalidUtf8Exception.class);
  }

  @Test
  void utf8_decodesCharactersSplitAcrossTheBufferBoundary() throws IOException {
    for (int pad = 65_530; pad <= 65_536; pad++) {
      String text = "x".repeat(pad) + "\u00e9\u4e2d\uD83D\uDE00end";

      assertThat(readAll(reader(utf8(text)), Integer.MAX_VALUE)).isEqualTo(text);
    }
  }

  @Test
  void utf8_skipsByteOrderMarkOnlyAtTheStart() throws IOException {
    Utf8Reader reader = reader(concat(BOM, utf8("a\uFEFFb")));

    assertThat(readAll(reader, Integer.MAX_VALUE)).isEqualTo("a\uFEFFb");
  }

  @Test
  void utf8_returnsEndOfInputForEmptyOrByteOrderMarkOnlyInput() throws IOException {
    assertThat(reader(new byte[0]).read()).isEqualTo(-1);
    assertThat(reader(BOM).peek()).isEqualTo(-1);
  }

  @Test
  void utf8_peekDoesNotConsume() throws IOException {
    Utf8Reader reader = reader(utf8("ab"));

    assertThat(reader.peek()).isEqualTo('a');
    assertThat(reader.read()).isEqualTo('a');
    assertThat(reader.read()).isEqualTo('b');
    assertThat(reader.peek()).isEqualTo(-1);
  }

  @Test
  void utf8_rejectsEncodedSurrogatesAndOverlongForms() {
    byte[] encodedSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};

    assertThatThrownBy(() -> readAll(reader(encodedSurrogate), 10))
        .isInstanceOf(Utf8Reader.InvalidUtf8Exception.class);
    assertThatThrownBy(() -> readAll(reader(overlongSlash), 10))
        .isInstanceOf(Utf8Reader.InvalidUtf8Exception.class);
  }

  private static Utf8Reader reader(byte[] bytes) {
    return new Utf8Reader(new ByteArrayInputStream(bytes));
  }

  private static String readAll(Utf8Reader reader, int max) throws IOException {
    var out = new StringBuilder();
    for (int c = reader.read(); c >= 0; c = reader.read()) {
      out.append((char) c);
      if (out.length() == max) {
        break;
      }
    }
    return out.toString();
  }
}
