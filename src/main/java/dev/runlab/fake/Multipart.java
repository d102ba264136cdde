package dev.runlab.fake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a {@code multipart/form-data} body (RFC 7578), as a file upload sends them. */
final class Multipart {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("(?<!file)name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

  /** One part: its field name, its file name (null for a plain field) and its bytes. */
  record Part(String name, String filename, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private Multipart() {}

  /** The parts by field name; empty when the body is not multipart. */
  static Map<String, Part> parse(String contentType, byte[] body) {
    Map<String, Part> parts = new LinkedHashMap<>();
    Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
    if (m == null || !contentType.startsWith("multipart/form-data") || !m.find()) {
      return parts;
    }
    byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
        break; // the closing delimiter
      }
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        break;
      }
      Part part = part(Arrays.copyOfRange(body, skipNewline(body, start), next));
      if (part != null) {
        parts.put(part.name(), part);
      }
      at = next;
    }
    return parts;
  }

  private static Part part(byte[] raw) {
    byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int split = indexOf(raw, blank, 0);
    if (split < 0) {
      return null;
    }
    String headers = new String(raw, 0, split, StandardCharsets.UTF_8);
    Matcher name = NAME.matcher(headers);
    if (!name.find()) {
      return null;
    }
    Matcher filename = FILENAME.matcher(headers);
    int end = raw.length;
    if (end >= 2 && raw[end - 2] == '\r' && raw[end - 1] == '\n') {
      end -= 2; // the line break before the next delimiter belongs to it
    }
    return new Part(
        name.group(1),
        filename.find() ? filename.group(1) : null,
        Arrays.copyOfRange(raw, split + blank.length, end));
  }

  private static int skipNewline(byte[] body, int at) {
    return at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n' ? at + 2 : at;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
