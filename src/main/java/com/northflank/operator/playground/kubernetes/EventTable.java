package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The columns kube-apiserver prints for core/v1 Events ({@code kubectl get events}): LAST SEEN,
 * TYPE, REASON, OBJECT, MESSAGE, and with {@code -o wide} SUBOBJECT, SOURCE, FIRST SEEN, COUNT and
 * NAME. The embedded API serves them as a Table; the demo prints them the same way.
 */
public final class EventTable {

  /** Name, whether it shows only with -o wide, description. */
  record Column(String name, boolean wide, String description) {}

  static final List<Column> COLUMNS =
      List.of(
          new Column("Last Seen", false, "Time of the last occurrence"),
          new Column("Type", false, "Type of this event (Normal, Warning)"),
          new Column("Reason", false, "Short, machine understandable reason"),
          new Column("Object", false, "The object this Event is about"),
          new Column("Subobject", true, "Field path of the object"),
          new Column("Source", true, "The component reporting this event"),
          new Column("Message", false, "A human-readable description"),
          new Column("First Seen", true, "Time of the first occurrence"),
          new Column("Count", true, "The number of times this event has occurred"),
          new Column("Name", true, "Name of the event"));

  private EventTable() {}

  public static List<String> headers(boolean wide) {
    return COLUMNS.stream()
        .filter(c -> wide || !c.wide())
        .map(c -> c.name().toUpperCase(Locale.ROOT))
        .toList();
  }

  /** The cells of one Event, every column (wide ones included) when {@code wide}. */
  public static List<String> cells(JsonNode event, boolean wide, Instant now) {
    String first = timestamp(event, "firstTimestamp");
    String last = timestamp(event, "lastTimestamp");
    long count = event.path("count").asLong(0);
    String firstSeen = first.isEmpty() ? "<unknown>" : PrinterColumns.age(first, now);
    String lastSeen =
        count > 1 && !last.isEmpty()
            ? PrinterColumns.age(last, now) + " (x" + count + " over " + firstSeen + ")"
            : firstSeen;
    JsonNode involved = event.path("involvedObject");
    String source = event.path("source").path("component").asText("");
    if (source.isEmpty()) {
      source = event.path("reportingComponent").asText("");
    }
    List<String> all =
        List.of(
            lastSeen,
            event.path("type").asText(""),
            event.path("reason").asText(""),
            involved.path("kind").asText("").toLowerCase(Locale.ROOT)
                + "/"
                + involved.path("name").asText(""),
            involved.path("fieldPath").asText(""),
            source,
            event.path("message").asText("").trim(),
            firstSeen,
            String.valueOf(count),
            event.path("metadata").path("name").asText(""));
    if (wide) {
      return all;
    }
    return List.of(all.get(0), all.get(1), all.get(2), all.get(3), all.get(6));
  }

  private static String timestamp(JsonNode event, String field) {
    String value = event.path(field).asText("");
    if (value.isEmpty() && field.equals("firstTimestamp")) {
      value = event.path("eventTime").asText("");
    }
    if (value.isEmpty() && field.equals("lastTimestamp")) {
      value = event.path("eventTime").asText("");
    }
    return value;
  }
}
