package com.northflank.operator.playground.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The query options of paginated routes ({@code per_page}, {@code cursor}, {@code page}) and the
 * {@code pagination} block of their answers.
 *
 * <p>Cursors are opaque, URL-safe base64 (the js-client appends options to the URL without encoding
 * them) and name the collection they belong to, so a jobs cursor is refused by the runs route. The
 * last page carries no cursor at all: the js-client's {@code all()} keeps fetching while a cursor
 * is present, even a null one.
 */
final class Pagination {

  static final int DEFAULT_PER_PAGE = 50;
  static final int MAX_PER_PAGE = 100;

  /**
   * @param position the decoded cursor position, or null to start from {@code page}
   * @param skip items to skip before the page, for the page-number form
   */
  record Request(int perPage, String position, long skip) {}

  private Pagination() {}

  static Request parse(QueryParams query, String collection) {
    int perPage = query.get("per_page").map(v -> integer("per_page", v)).orElse(DEFAULT_PER_PAGE);
    if (perPage < 1 || perPage > MAX_PER_PAGE) {
      throw new ApiException(
          400, "\"per_page\" must be between 1 and " + MAX_PER_PAGE + ", got " + perPage);
    }
    String cursor = query.get("cursor").filter(c -> !c.isEmpty()).orElse(null);
    if (cursor != null) {
      return new Request(perPage, decodeCursor(collection, cursor), 0);
    }
    long page = query.get("page").map(v -> (long) integer("page", v)).orElse(1L);
    if (page < 1) {
      throw new ApiException(400, "\"page\" must be greater than or equal to 1");
    }
    return new Request(perPage, null, (page - 1) * perPage);
  }

  static String encodeCursor(String collection, String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((collection + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String collection, String cursor) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "Invalid cursor");
    }
    String prefix = collection + ":";
    if (!decoded.startsWith(prefix)) {
      throw new ApiException(400, "Invalid cursor");
    }
    return decoded.substring(prefix.length());
  }

  /** {@code {"data": {<collection>: items}, "pagination": {...}}}; no cursor on the last page. */
  static ObjectNode envelope(
      String collection, ArrayNode items, boolean hasNextPage, String nextPosition) {
    ObjectNode envelope = Json.object();
    envelope.putObject("data").set(collection, items);
    ObjectNode pagination = envelope.putObject("pagination");
    pagination.put("hasNextPage", hasNextPage);
    if (hasNextPage) {
      pagination.put("cursor", encodeCursor(collection, nextPosition));
    }
    pagination.put("count", items.size());
    return envelope;
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(400, "\"" + name + "\" must be a number");
    }
  }
}
