package com.northflank.operator.playground.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding for one path segment or query component. Path segments are split on the raw '/'
 * first and decoded afterwards, so an id containing %2F stays one segment and never reaches a
 * different route. Unlike {@link java.net.URLDecoder}, '+' means a plus sign in a path.
 */
final class PercentDecoding {

  private PercentDecoding() {}

  static String pathSegment(String raw) {
    return decode(raw, false);
  }

  static String queryComponent(String raw) {
    return decode(raw, true);
  }

  /** Throws IllegalArgumentException for a truncated or non-hex escape or invalid UTF-8. */
  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("truncated percent escape");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("invalid percent escape");
        }
        out.write((hi << 4) | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else if (c < 0x80) {
        out.write(c);
      } else {
        int codePoint = raw.codePointAt(i);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("escape is not UTF-8", e);
    }
  }
}
