package com.northflank.operator.playground.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** Reads and rewrites the query of a request path ({@code /api/v1/events?fieldSelector=...}). */
final class QueryString {

  private QueryString() {}

  /** The decoded value of a parameter; takes a whole path or a bare query. */
  static Optional<String> parameter(String pathOrQuery, String name) {
    for (String pair : query(pathOrQuery).split("&")) {
      String[] kv = pair.split("=", 2);
      if (!pair.isEmpty() && decode(kv[0]).equals(name)) {
        return Optional.of(kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    return Optional.empty();
  }

  /** Whether the request asks for a watch ({@code watch=true} or {@code watch=1}), not a list. */
  static boolean isWatch(String pathOrQuery) {
    return parameter(pathOrQuery, "watch")
        .filter(value -> value.equals("true") || value.equals("1"))
        .isPresent();
  }

  /** The path (or bare query) without one parameter. */
  static String without(String pathOrQuery, String name) {
    if (pathOrQuery == null) {
      return "";
    }
    boolean isPath = pathOrQuery.startsWith("/");
    String path = isPath ? pathOrQuery.split("\\?", 2)[0] : "";
    String kept =
        String.join(
            "&",
            Arrays.stream(query(pathOrQuery).split("&"))
                .filter(pair -> !pair.isEmpty() && !decode(pair.split("=", 2)[0]).equals(name))
                .toList());
    if (!isPath) {
      return kept;
    }
    return kept.isEmpty() ? path : path + "?" + kept;
  }

  private static String query(String pathOrQuery) {
    if (pathOrQuery == null) {
      return "";
    }
    if (pathOrQuery.startsWith("/")) {
      String[] parts = pathOrQuery.split("\\?", 2);
      return parts.length > 1 ? parts[1] : "";
    }
    return pathOrQuery;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
