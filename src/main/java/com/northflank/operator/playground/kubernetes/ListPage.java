package com.northflank.operator.playground.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * One page of a list, as a client asks for it with {@code limit} and {@code continue}: objects in
 * kube-apiserver's order (namespace, then name), at most {@code limit} of them (0: all), starting
 * after the key a previous page's continue token names. The token is opaque to clients, as
 * kube-apiserver's is; here it holds the last key served.
 *
 * <p>Unlike kube-apiserver's, the pages of one list are not one snapshot: each reads the store as
 * it then is, so an object written between two pages shows its newer state. None is skipped or
 * served twice, since each page starts after the last key served.
 *
 * @param limit the most objects to answer with, 0 for no limit
 * @param after the key (see {@link #key}) the page starts after, or null for the first page
 */
record ListPage(long limit, String after) {

  /**
   * The page a GET of a list asks for: all of it unless {@code limit} (0 or less: no limit, as for
   * kube-apiserver) or {@code continue} narrow it; empty for a watch.
   *
   * @throws IllegalArgumentException when the limit is not a number or the token not one of ours
   */
  static Optional<ListPage> requested(String path) {
    if (QueryString.isWatch(path)) {
      return Optional.empty();
    }
    long limit = QueryString.parameter(path, "limit").map(ListPage::limit).orElse(0L);
    String after =
        QueryString.parameter(path, "continue")
            .filter(token -> !token.isEmpty())
            .map(ListPage::decode)
            .orElse(null);
    return Optional.of(new ListPage(Math.max(0, limit), after));
  }

  /** The sort key of a stored object: namespace (empty when cluster-scoped), then name. */
  static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }

  /** The token a client sends back to get the page after the one that ended with this key. */
  static String continueToken(String lastKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether an object of this key belongs on this page or a later one, not an earlier one. */
  boolean notServedBefore(String key) {
    return after == null || key.compareTo(after) > 0;
  }

  private static long limit(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a number, not \"" + value + "\"");
    }
  }

  private static String decode(String token) {
    String key;
    try {
      key = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      key = "";
    }
    if (key.indexOf('/') < 0) {
      throw new IllegalArgumentException(
          "continue key is not valid: it must be the token of an earlier page");
    }
    return key;
  }
}
