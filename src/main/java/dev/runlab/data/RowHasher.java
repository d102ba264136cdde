package dev.runlab.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * Computes {@link NarrativeSource#rowHash(Map)}, reusing one {@link MessageDigest} so that hashing
 * a million rows does not create a million digests. Not thread-safe: one per reader.
 *
 * <p>The encoding is stored in databases (as {@code source_narratives}' row hash) and compared
 * across versions, so it must never change: for each column whose value is not null, in ascending
 * order of name ({@link String#compareTo}), the 4-byte big-endian length of the name's UTF-8 bytes,
 * those bytes, the 4-byte big-endian length of the value's UTF-8 bytes, and those bytes.
 */
final class RowHasher {
  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest digest;
  private final byte[] length = new byte[4];

  RowHasher() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256, which every Java SE has", e);
    }
  }

  /** SHA-256 (lowercase hex) of the row in the canonical encoding described on the class. */
  String hash(Map<String, String> fields) {
    String[] names = fields.keySet().toArray(String[]::new);
    for (String name : names) {
      if (name == null) {
        throw new IllegalArgumentException("a row to hash has a null column name: " + fields);
      }
    }
    Arrays.sort(names);
    for (String name : names) {
      String value = fields.get(name);
      if (value != null) {
        update(name);
        update(value);
      }
    }
    return HEX.formatHex(digest.digest());
  }

  private void update(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int n = utf8.length;
    length[0] = (byte) (n >>> 24);
    length[1] = (byte) (n >>> 16);
    length[2] = (byte) (n >>> 8);
    length[3] = (byte) n;
    digest.update(length);
    digest.update(utf8);
  }
}
