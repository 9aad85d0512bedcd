package com.northflank.operator.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Northflank API token. Only this package can read the secret; everything else (logs, metrics,
 * the request budget) gets the fingerprint, so the value cannot leak through a {@code toString()}.
 */
public final class ApiToken {

  private static final int FINGERPRINT_BYTES = 6;

  private final String value;
  private final byte[] sha256;

  private ApiToken(String value) {
    this.value = value;
    this.sha256 = sha256(value);
  }

  /**
   * Wraps a token. Surrounding whitespace is dropped because Secrets written from files usually end
   * with a newline, which the API would reject as a different token.
   *
   * @throws IllegalArgumentException if the value is null, blank or not a plain ASCII token; the
   *     message never contains the value
   */
  public static ApiToken of(String value) {
    if (value == null) {
      throw new IllegalArgumentException("API token is missing");
    }
    String token = value.strip();
    if (token.isEmpty()) {
      throw new IllegalArgumentException("API token is blank");
    }
    // Only visible ASCII can travel in a header; anything else means a corrupted Secret.
    if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "API token contains whitespace, control or non-ASCII characters");
    }
    return new ApiToken(token);
  }

  /** The secret itself: for the Authorization header and for redaction, nothing else. */
  String reveal() {
    return value;
  }

  /**
   * A short hex prefix of the token's SHA-256: stable, distinct per token in practice, and useless
   * for recovering the token. Suitable as a metrics label or budget key.
   */
  public String fingerprint() {
    return HexFormat.of().formatHex(sha256, 0, FINGERPRINT_BYTES);
  }

  @Override
  public boolean equals(Object o) {
    // Digest comparison keeps the check constant-time in the secret.
    return o instanceof ApiToken other && MessageDigest.isEqual(sha256, other.sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return "ApiToken[sha256:" + fingerprint() + "]";
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE provides SHA-256", e);
    }
  }
}
