package com.northflank.operator.config;

import com.northflank.operator.client.ApiToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator-wide API token, used by resources without {@code spec.credentials}. A token file is
 * re-read when it changes, so a rotated Kubernetes Secret mount is picked up without a restart.
 */
public abstract sealed class DefaultTokenSource {

  public abstract Optional<ApiToken> current();

  /** Whether a token was configured at all (a token file counts even before it appears). */
  public boolean configured() {
    return !(this instanceof None);
  }

  public static DefaultTokenSource none() {
    return new None();
  }

  public static DefaultTokenSource of(ApiToken token) {
    return new Fixed(token);
  }

  public static DefaultTokenSource file(Path path) {
    return new FromFile(path);
  }

  private static final class None extends DefaultTokenSource {
    @Override
    public Optional<ApiToken> current() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "none";
    }
  }

  private static final class Fixed extends DefaultTokenSource {
    private final ApiToken token;

    Fixed(ApiToken token) {
      this.token = token;
    }

    @Override
    public Optional<ApiToken> current() {
      return Optional.of(token);
    }

    @Override
    public String toString() {
      return "environment " + token;
    }
  }

  private static final class FromFile extends DefaultTokenSource {
    private static final Logger log = LoggerFactory.getLogger(FromFile.class);
    private final Path path;
    private FileTime loadedAt;
    private Optional<ApiToken> token = Optional.empty();

    FromFile(Path path) {
      this.path = path;
    }

    @Override
    public synchronized Optional<ApiToken> current() {
      try {
        FileTime modified = Files.getLastModifiedTime(path);
        if (!modified.equals(loadedAt)) {
          loadedAt = modified;
          token = parse(Files.readString(path, StandardCharsets.UTF_8).strip());
        }
      } catch (IOException e) {
        if (loadedAt != null || token.isPresent()) {
          log.warn("Token file {} cannot be read any more: {}", path, e.getClass().getSimpleName());
        }
        token = Optional.empty();
        loadedAt = null;
      }
      return token;
    }

    private Optional<ApiToken> parse(String text) {
      if (text.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(ApiToken.of(text));
      } catch (IllegalArgumentException e) {
        log.warn("Token file {} does not hold a valid API token", path);
        return Optional.empty();
      }
    }

    @Override
    public String toString() {
      return "file " + path;
    }
  }
}
