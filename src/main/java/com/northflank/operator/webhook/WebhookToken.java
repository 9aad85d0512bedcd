package com.northflank.operator.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret set on the Northflank notification integration, read from a file (a mounted Secret)
 * and read again when the file changes, looked at once a second at most. A request is genuine when
 * its {@code X-Northflank-Notification-Integration-Token} equals it: compared in constant time, on
 * SHA-256 digests so that not even the secret's length shows in the time taken. It is a shared
 * secret in a header, not a signature of the body. Never logged: messages name the file only.
 */
public final class WebhookToken {

  private static final Logger log = LoggerFactory.getLogger(WebhookToken.class);
  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path file;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();
  private volatile byte[] digest;
  private FileTime modified;
  private long checkedAt;
  private boolean checked;

  private WebhookToken(Path file, LongSupplier nanoTime) {
    this.file = file;
    this.nanoTime = nanoTime;
  }

  /** Reads the file now; a file missing or empty refuses every request until it holds a token. */
  public static WebhookToken fromFile(Path file) {
    return fromFile(file, System::nanoTime);
  }

  static WebhookToken fromFile(Path file, LongSupplier nanoTime) {
    WebhookToken token = new WebhookToken(file, nanoTime);
    token.refresh();
    return token;
  }

  /** Whether the file held a token when last read. */
  public boolean present() {
    refresh();
    return digest != null;
  }

  /** Whether the presented header is the secret; false when either is missing. */
  public boolean matches(String presented) {
    refresh();
    byte[] expected = digest;
    if (presented == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(presented.getBytes(StandardCharsets.UTF_8)), expected);
  }

  private void refresh() {
    long now = nanoTime.getAsLong();
    synchronized (lock) {
      if (checked && now - checkedAt < RECHECK_NANOS) {
        return;
      }
      checked = true;
      checkedAt = now;
      try {
        FileTime time = Files.getLastModifiedTime(file);
        if (time.equals(modified)) {
          return;
        }
        modified = time;
        Optional<String> text =
            Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                .filter(t -> !t.isEmpty());
        digest = text.map(t -> sha256(t.getBytes(StandardCharsets.UTF_8))).orElse(null);
        if (digest == null) {
          log.warn("The webhook token file {} is empty: every webhook request is refused", file);
        } else {
          log.info("Read the webhook token from {}", file);
        }
      } catch (NoSuchFileException e) {
        if (digest != null || modified == null) {
          log.warn("No webhook token file {}: every webhook request is refused", file);
        }
        digest = null;
        modified = FileTime.fromMillis(Long.MIN_VALUE);
      } catch (IOException | RuntimeException e) {
        // the token stays what it was: a file being replaced must not open the door
        log.warn(
            "Cannot read the webhook token file {}: {}", file, e.getClass().getSimpleName());
      }
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookToken[" + file + "]";
  }
}
