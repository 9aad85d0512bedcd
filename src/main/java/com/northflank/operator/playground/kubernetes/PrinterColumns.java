package com.northflank.operator.playground.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a CRD's additionalPrinterColumns against resources the way the API server does for
 * {@code kubectl get}: the demo prints its tables with it, and the embedded API answers kubectl's
 * Table requests with it.
 */
public final class PrinterColumns {

  private static final Configuration JSON_PATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider())
          .mappingProvider(new JacksonMappingProvider())
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  /** A column as the CRD declares it; priority 0 columns show always, others with -o wide. */
  public record Column(
      String name, String type, String jsonPath, int priority, String description) {}

  private final List<Column> columns;

  public PrinterColumns(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  public static PrinterColumns of(CustomResourceDefinition crd) {
    List<Column> columns = new ArrayList<>();
    for (CustomResourceColumnDefinition c :
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns()) {
      columns.add(
          new Column(
              c.getName(),
              c.getType(),
              c.getJsonPath(),
              c.getPriority() == null ? 0 : c.getPriority(),
              c.getDescription() == null ? "" : c.getDescription()));
    }
    return new PrinterColumns(columns);
  }

  public List<Column> columns() {
    return columns;
  }

  /** The cell values of one resource, as kubectl would print them, AGE relative to {@code now}. */
  public List<String> cells(JsonNode resource, boolean wide, Instant now) {
    List<String> cells = new ArrayList<>();
    for (Column column : columns) {
      if (column.priority() == 0 || wide) {
        cells.add(cell(resource, column, now));
      }
    }
    return cells;
  }

  /**
   * The cells of a meta.k8s.io Table row: every column, wide ones included (kubectl hides those by
   * priority), with dates as ages since the API server renders them so for CRDs.
   */
  public List<String> tableCells(JsonNode resource, Instant now) {
    return cells(resource, true, now);
  }

  public List<String> headers(boolean wide) {
    return columns.stream()
        .filter(c -> c.priority() == 0 || wide)
        .map(c -> c.name().toUpperCase(Locale.ROOT))
        .toList();
  }

  private static String cell(JsonNode resource, Column column, Instant now) {
    JsonNode value = evaluate(resource, column.jsonPath());
    if (value == null) {
      return "";
    }
    String text = value.isTextual() ? value.textValue() : value.toString();
    if ("date".equals(column.type())) {
      return age(text, now);
    }
    return text;
  }

  /** kubectl paths start with '.', JSONPath with '$'; a filter yields a list of one. */
  private static JsonNode evaluate(JsonNode resource, String kubectlPath) {
    JsonNode value = JsonPath.using(JSON_PATH).parse(resource).read("$" + kubectlPath);
    if (value != null && value.isArray()) {
      value = value.isEmpty() ? null : value.get(0);
    }
    return value == null || value.isNull() || value.isMissingNode() ? null : value;
  }

  /** kubectl's short age format: 45s, 3m12s, 5h, 2d. */
  static String age(String timestamp, Instant now) {
    try {
      Duration age = Duration.between(Instant.parse(timestamp), now);
      if (age.isNegative()) {
        return "0s";
      }
      long seconds = age.toSeconds();
      if (seconds < 120) {
        return seconds + "s";
      }
      if (seconds < 600) {
        return age.toMinutes() + "m" + age.toSecondsPart() + "s";
      }
      if (age.toHours() < 3) {
        return age.toMinutes() + "m";
      }
      if (age.toDays() < 2) {
        return age.toHours() + "h";
      }
      return age.toDays() + "d";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }

  /** Renders rows under headers, padded like kubectl's tab writer. */
  public static String format(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < headers.size(); i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    appendRow(text, headers, widths);
    rows.forEach(row -> appendRow(text, row, widths));
    return text.toString();
  }

  private static void appendRow(StringBuilder text, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      text.append(cell);
      if (i < cells.size() - 1) {
        text.append(" ".repeat(widths[i] - cell.length() + 3));
      }
    }
    text.append('\n');
  }
}
