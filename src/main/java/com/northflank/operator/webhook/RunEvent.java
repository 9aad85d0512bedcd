package com.northflank.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * One accepted webhook event: its type, from the {@code X-Northflank-Notification-Integration-
 * Event-Type} header or else the body's {@code event}, and every string value of its body, wherever
 * it sits (the body of a job-run event is not documented, so none of its paths is trusted).
 *
 * @param type e.g. {@code job-run:failure}; empty when neither header nor body says
 */
public record RunEvent(String type, List<String> strings) {

  /** The strings of a body of at most 64 KiB, whose nesting Jackson bounds. */
  public static RunEvent of(String headerType, JsonNode body) {
    String type =
        headerType != null && !headerType.isBlank()
            ? headerType.strip()
            : body.path("event").asText("");
    List<String> strings = new ArrayList<>();
    Deque<JsonNode> left = new ArrayDeque<>();
    left.push(body);
    while (!left.isEmpty()) {
      JsonNode node = left.pop();
      if (node.isTextual()) {
        strings.add(node.asText());
      } else if (node.isContainerNode()) {
        node.elements().forEachRemaining(left::push);
      }
    }
    return new RunEvent(type, List.copyOf(strings));
  }

  /**
   * A job-run event: {@code job-run:start}, {@code :success}, {@code :failure}, {@code :abort},
   * {@code :terminate}, with or without the {@code trigger:} the integration's event keys carry.
   */
  public boolean isJobRun() {
    return type.toLowerCase(Locale.ROOT).contains("job-run:");
  }
}
