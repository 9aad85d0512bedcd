package com.northflank.operator.playground.simulator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens the simulator accepts, each optionally limited to some projects (an empty set means
 * every project), like an API role limited to projects. Token values are secrets: nothing here logs
 * or prints them.
 */
final class TokenRegistry {

  /** The outcome of checking one request's credentials against one project. */
  enum Verdict {
    ALLOWED,
    /** No token, a malformed header or a token the simulator does not know: 401. */
    UNAUTHENTICATED,
    /** A known token that may not use the project: 403. */
    FORBIDDEN
  }

  private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();

  void add(String token, Set<String> projects) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    tokens.put(token, Set.copyOf(projects == null ? Set.of() : projects));
  }

  void revoke(String token) {
    if (token != null) {
      tokens.remove(token);
    }
  }

  /** The token of an {@code Authorization: Bearer <token>} header, if it is one we know. */
  Optional<String> authenticate(String authorizationHeader) {
    if (authorizationHeader == null) {
      return Optional.empty();
    }
    String header = authorizationHeader.trim();
    if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    return tokens.containsKey(token) ? Optional.of(token) : Optional.empty();
  }

  /** Whether an authenticated token may use the project (it may have been revoked meanwhile). */
  Verdict authorize(String token, String projectId) {
    Set<String> projects = tokens.get(token);
    if (projects == null) {
      return Verdict.UNAUTHENTICATED;
    }
    return projects.isEmpty() || projects.contains(projectId) ? Verdict.ALLOWED : Verdict.FORBIDDEN;
  }
}
